/**
 * `npm run bench`: measures every performance budget of docs/ARCHITECTURE.md (section 8) on this machine, prints
 * the figures beside their budgets and writes them to bench/results.json.
 *
 *   npm run bench              full run
 *   npm run bench -- --quick   fewer repetitions and repositories
 *   npm run bench -- --brownout  only the sweep under random throttling and a rate limit
 *   npm run bench -- --scale   the daily sweep of a 2,000-account organization, simulated
 *                              (bench/scale/; `--scale-quick` for a CI-sized one)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../harness/emulator.ts';
import { measureAlertPath } from './alert-path.ts';
import { brownoutFigures } from './brownout.ts';
import { measureCliStart } from './cli-start.ts';
import { measureColdStart } from './cold-start.ts';
import { measureEnforceCalls } from './enforce-calls.ts';
import { measureFindingPath } from './finding-path.ts';
import { packageFunctions } from './package-functions.ts';
import { type BenchFigure, figure, formatTable } from './results.ts';
import { runScaleCommand } from './scale/main.ts';
import { runSweepBenchmark } from './sweep.ts';

const quick = process.argv.includes('--quick');
const KB = 1024;

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

async function packagingFigures(): Promise<BenchFigure[]> {
  log('packaging the functions (serverless package), the pinned AWS SDK bundled…');
  const service = await packageFunctions();
  log('packaging them again with the AWS SDK left to the runtime (--param bundleAwsSdk=false)…');
  const runtimeSdk = await packageFunctions(['bundleAwsSdk=false']);
  const runs = quick ? 5 : 11;
  const figures: BenchFigure[] = [];
  for (const fn of service.functions) {
    figures.push({
      ...figure(`bundle ${fn.name}, zipped`, Math.round(fn.zipBytes / KB), 'KB', { limit: 1024 }),
      note: `${Math.round(fn.bundleBytes / KB)} KB minified, the pinned AWS SDK included`,
    });
  }
  // Measured alternately, so that both variants see the same machine load.
  for (const fn of service.functions) {
    const other = runtimeSdk.functions.find((f) => f.name === fn.name);
    log(`cold start of ${fn.name}…`);
    const init = measureColdStart(fn, runs);
    figures.push({
      ...figure(`cold start ${fn.name}`, Math.round(init.wallMs), 'ms', { limit: 100 }),
      note: `${Math.round(init.cpuMs)} ms of CPU importing the module; a bare node start takes ${Math.round(init.baselineMs)} ms here`,
    });
    if (other !== undefined) {
      const runtime = measureColdStart(other, runs);
      figures.push({
        ...figure(`cold start ${fn.name}, runtime SDK`, Math.round(runtime.wallMs), 'ms'),
        note: `runtime SDK / bundled SDK = ${(runtime.wallMs / Math.max(init.wallMs, 1)).toFixed(2)}`,
      });
    }
  }
  log('ecr-guard --help…');
  const cli = measureCliStart(runs);
  figures.push({
    ...figure('ecr-guard --help', Math.round(cli.wallMs), 'ms', { limit: 300 }),
    note: `a bare node start takes ${Math.round(cli.baselineMs)} ms here`,
  });
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
    ...(await brownoutFigures({ quick, log })),
  ];
  process.stdout.write(`${formatTable(figures)}\n`);
  for (const f of figures.filter((x) => x.note !== undefined)) {
    process.stdout.write(`  ${f.name}: ${f.note}\n`);
  }
  const results = new URL('results.json', import.meta.url);
  // The scale benchmark's figures (`--scale`) are kept beside these.
  const scale = await readFile(results, 'utf8').then(
    (text) => (JSON.parse(text) as { scale?: unknown }).scale,
    () => undefined,
  );
  await writeFile(
    results,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), quick, figures, ...(scale === undefined ? {} : { scale }) }, null, 2)}\n`,
  );
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; figures in bench/results.json`);
  // A missed budget is a finding to report, not a crash: the exit code says whether all held.
  process.exitCode = figures.every((f) => f.pass !== false) ? 0 : 1;
}

if (process.argv.includes('--scale') || process.argv.includes('--scale-quick')) {
  process.exitCode = await runScaleCommand(process.argv.slice(2));
} else if (process.argv.includes('--brownout')) {
  // Printed only: bench/results.json keeps the last full run's figures.
  const figures = await brownoutFigures({ quick, log });
  process.stdout.write(`${formatTable(figures)}\n`);
  for (const f of figures.filter((x) => x.note !== undefined)) {
    process.stdout.write(`  ${f.name}: ${f.note}\n`);
  }
  process.exitCode = figures.every((f) => f.pass !== false) ? 0 : 1;
} else {
  await main();
}
