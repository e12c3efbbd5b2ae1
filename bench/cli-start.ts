/**
 * How long `ecr-guard --help` takes, as a person runs it (`node bin/ecr-guard.js`, the CLI
 * compiled by `npm ci`), beside a bare node start on the same machine (median of several runs,
 * alternately).
 */
import { spawnSync } from 'node:child_process';
import { median } from './results.ts';

const BIN = new URL('../bin/ecr-guard.js', import.meta.url).pathname;

function time(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
  return elapsedMs;
}

/**
 * Measures `ecr-guard --help`, in ms.
 *
 * @example
 * ```ts
 * const { wallMs, baselineMs } = measureCliStart(9);
 * ```
 */
export function measureCliStart(runs: number): { wallMs: number; baselineMs: number } {
  time([BIN, '--help']); // builds the CLI when a source changed since, as its first run would
  const cli: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(time(['-e', '0']));
    cli.push(time([BIN, '--help']));
  }
  return { wallMs: median(cli), baselineMs: median(bare) };
}
