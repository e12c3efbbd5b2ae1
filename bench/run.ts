/**
 * `npm run bench`: measures every performance budget of docs/ARCHITECTURE.md (section 8) on this machine, prints
 * the figures beside their budgets and writes them to bench/results.json.
 *
 *   npm run bench              full run
 *   npm run bench -- --quick   fewer repetitions and repositories
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../harness/emulator.ts';
import { measureAlertPath } from './alert-path.ts';
import { measureColdStart } from './cold-start.ts';
import { measureEnforceCalls } from './enforce-calls.ts';
import { measureFindingPath } from './finding-path.ts';
import { packageFunctions } from './package-functions.ts';
import { type BenchFigure, figure, formatTable } from './results.ts';
import { runSweepBenchmark } from './sweep.ts';

const quick = process.argv.includes('--quick');
const KB = 1024;

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

async function packagingFigures(): Promise<BenchFigure[]> {
  log('packaging the functions (serverless package), the AWS SDK left to the runtime…');
  const service = await packageFunctions();
  log('packaging them again with the AWS SDK bundled (--param bundleAwsSdk=true)…');
  const bundledSdk = await packageFunctions(['bundleAwsSdk=true']);
  const runs = quick ? 5 : 11;
  const figures: BenchFigure[] = [];
  for (const fn of service.functions) {
    figures.push(
      figure(`bundle ${fn.name}`, Math.round(fn.bundleBytes / KB), 'KB', { limit: 250 }),
    );
  }
  for (const fn of bundledSdk.functions) {
    figures.push(figure(`bundle ${fn.name}, SDK bundled`, Math.round(fn.bundleBytes / KB), 'KB'));
  }
  // Measured alternately, so that both variants see the same machine load.
  for (const fn of service.functions) {
    const other = bundledSdk.functions.find((f) => f.name === fn.name);
    log(`cold start of ${fn.name}…`);
    const ms = measureColdStart(fn, runs);
    figures.push(figure(`cold start ${fn.name}`, Math.round(ms), 'ms', { limit: 100 }));
    if (other !== undefined) {
      const bundledMs = measureColdStart(other, runs);
      figures.push({
        ...figure(`cold start ${fn.name}, SDK bundled`, Math.round(bundledMs), 'ms'),
        note: `runtime SDK / bundled SDK = ${(ms / Math.max(bundledMs, 1)).toFixed(2)}`,
      });
    }
  }
  return figures;
}

async function emulatorFigures(): Promise<BenchFigure[]> {
  log('starting the AWS emulator…');
  const emulator = await startEmulator({ log: (line) => log(line) });
  try {
    log('API calls per enforcement event…');
    const enforce = await measureEnforceCalls(emulator.endpoint);
    log('alert path: scan event to Slack…');
    const alerts = await measureAlertPath(emulator.endpoint, quick ? 3 : 6);
    log('finding path: Inspector2 Finding batches to Slack…');
    // The real sample is MEDIUM: the standard alerts from MEDIUM up.
    const config = join(mkdtempSync(join(tmpdir(), 'ecr-guard-bench-')), 'ecr-guard.yml');
    writeFileSync(config, 'alerts:\n  minSeverity: MEDIUM\n');
    const findings = await measureFindingPath(emulator.endpoint, quick ? 3 : 6, config);
    return [...enforce, ...alerts, ...findings];
  } finally {
    await emulator.stop();
  }
}

async function sweepFigures(): Promise<BenchFigure[]> {
  const result = await runSweepBenchmark({
    repositories: quick ? 60 : 300,
    log: (line) => log(line),
  });
  const { sequential, concurrent, compliantEnforce, compliantAudit } = result;
  const per = (run: typeof sequential): string =>
    `${run.readsPerRepository} reads + ${run.writesPerRepository} writes per repository`;
  return [
    figure(
      `sweep ${result.repositories} non-compliant, concurrency 1`,
      sequential.wallMs,
      'ms',
      undefined,
    ),
    figure(
      `sweep ${result.repositories} non-compliant, concurrency ${concurrent.concurrency.perTarget}/${concurrent.concurrency.overall}`,
      concurrent.wallMs,
      'ms',
      undefined,
    ),
    figure('sweep: default / concurrency-1 wall time', Number(result.ratio.toFixed(3)), 'ratio', {
      limit: 0.2,
      note: `${result.delayMs} ms added to every AWS call by the loopback proxy`,
    }),
    figure('sweep: calls per non-compliant repository', concurrent.callsPerRepository, 'calls', {
      limit: 5,
      note: per(concurrent),
    }),
    figure(
      'sweep-worker (remediation lock): calls per non-compliant repository',
      result.locked.callsPerRepository,
      'calls',
      {
        limit: 5,
        note: `${per(result.locked)}, of which ${result.lockCallsPerRepository} to the lock's table; the state is read again under the lock (${result.locked.wallMs} ms at ${result.locked.concurrency.perTarget}/${result.locked.concurrency.overall})`,
      },
    ),
    figure(
      'sweep (enforce): calls per compliant repository',
      compliantEnforce.callsPerRepository,
      'calls',
      {
        limit: 2,
        note: per(compliantEnforce),
      },
    ),
    figure('audit: calls per compliant repository', compliantAudit.callsPerRepository, 'calls', {
      limit: 2,
      note: per(compliantAudit),
    }),
  ];
}

async function main(): Promise<void> {
  const started = Date.now();
  const figures = [
    ...(await packagingFigures()),
    ...(await emulatorFigures()),
    ...(await sweepFigures()),
  ];
  process.stdout.write(`${formatTable(figures)}\n`);
  for (const f of figures.filter((x) => x.note !== undefined)) {
    process.stdout.write(`  ${f.name}: ${f.note}\n`);
  }
  await writeFile(
    new URL('results.json', import.meta.url),
    `${JSON.stringify({ measuredAt: new Date().toISOString(), quick, figures }, null, 2)}\n`,
  );
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; figures in bench/results.json`);
  // A missed budget is a finding to report, not a crash: the exit code says whether all held.
  process.exitCode = figures.every((f) => f.pass !== false) ? 0 : 1;
}

await main();
