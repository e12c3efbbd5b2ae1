/**
 * `npm run bench -- --scale` / `--scale-quick`: runs the simulation, prints the report and
 * writes the figures to bench/results.json (under `scale`, the other figures kept).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseScaleOptions, ScaleOptionError } from './options.ts';
import { formatScaleReport, scaleFigures } from './report.ts';
import { runScaleBenchmark } from './run-scale.ts';

const RESULTS = new URL('../results.json', import.meta.url);

async function previousResults(): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(RESULTS, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * Runs the scale benchmark for the given arguments; returns the exit code (0: every budget
 * held, 1: one did not, 2: bad options).
 */
export async function runScaleCommand(args: readonly string[]): Promise<number> {
  const log = (line: string): void => {
    process.stderr.write(`bench: ${line}\n`);
  };
  let options: ReturnType<typeof parseScaleOptions>;
  try {
    options = parseScaleOptions(args, log);
  } catch (error) {
    if (error instanceof ScaleOptionError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const result = await runScaleBenchmark(options);
  const figures = scaleFigures(result);
  process.stdout.write(formatScaleReport(result));
  const previous = await previousResults();
  await writeFile(
    RESULTS,
    `${JSON.stringify(
      {
        ...previous,
        scale: {
          measuredAt: new Date().toISOString(),
          quick: options.quick,
          figures,
          result,
        },
      },
      null,
      2,
    )}\n`,
  );
  log(`figures in bench/results.json (scale)`);
  return figures.every((f) => f.pass !== false) ? 0 : 1;
}
