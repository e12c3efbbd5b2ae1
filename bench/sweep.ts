/**
 * The sweep benchmark (docs/ARCHITECTURE.md, section 8): 300 non-compliant repositories
 * swept through a loopback proxy that adds 25 ms to every AWS call, at concurrency 1 and at
 * the default concurrency; and the API calls per repository, compliant and not.
 *
 *   npx tsx bench/sweep.ts [--quick]      (--quick: 60 repositories)
 *
 * `runSweepBenchmark()` returns the figures, for `npm run bench`.
 */
import { pathToFileURL } from 'node:url';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { createClientFactory, SDK_RETRY_BULK } from '#lib/aws/index.ts';
import { createGatewayPool } from '#lib/controls/index.ts';
import { loadStandard } from '#lib/standard/index.ts';
import {
  DEFAULT_CONCURRENCY_OVERALL,
  DEFAULT_CONCURRENCY_PER_TARGET,
  type SweepOptions,
  sweep,
} from '#lib/sweep/index.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../harness/aws-proxy.ts';
import { arrangeClient, useAwsEnvironment } from '../harness/ecr-arrange.ts';
import { resetEmulator, startEmulator } from '../harness/emulator.ts';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
/** The calls made once per account and region, not per repository. */
const PER_TARGET_CALLS = new Set([
  'ecr:DescribeRepositories',
  'ecr:GetRegistryScanningConfiguration',
  'ecr:DescribePullThroughCacheRules',
]);

export interface SweepBenchmarkOptions {
  repositories?: number;
  delayMs?: number;
  /** Where to log progress lines; default stderr. */
  log?: (line: string) => void;
}

/** The figures of one sweep run. */
export interface SweepRun {
  label: string;
  concurrency: { perTarget: number; overall: number };
  repositories: number;
  wallMs: number;
  /** Calls per repository, the per-region listing and configuration reads left out. */
  callsPerRepository: number;
  readsPerRepository: number;
  writesPerRepository: number;
  /** The per-region calls (listing, registry scanning, pull-through cache rules). */
  perRegionCalls: number;
}

export interface SweepBenchmarkResult {
  repositories: number;
  delayMs: number;
  sequential: SweepRun;
  concurrent: SweepRun;
  /** concurrent / sequential wall time: the budget is ≤ 0.2. */
  ratio: number;
  compliantEnforce: SweepRun;
  compliantAudit: SweepRun;
  budgets: Array<{ what: string; budget: string; measured: string; ok: boolean }>;
}

async function createRepositories(endpoint: string, count: number): Promise<void> {
  const ecr = arrangeClient(endpoint, REGION);
  const names = Array.from({ length: count }, (_, i) => `bench/app-${String(i).padStart(4, '0')}`);
  for (let i = 0; i < names.length; i += 20) {
    await Promise.all(
      names
        .slice(i, i + 20)
        .map((repositoryName) =>
          ecr.send(new CreateRepositoryCommand({ repositoryName, imageTagMutability: 'MUTABLE' })),
        ),
    );
  }
}

async function timedSweep(
  proxy: AwsProxy,
  label: string,
  options: Omit<SweepOptions, 'targets'> & { concurrency: { perTarget: number; overall: number } },
): Promise<SweepRun> {
  const standard = await loadStandard();
  // A new factory per run: nothing cached from the previous one (credentials, configuration).
  // As sweep-worker and the CLI sweep do.
  const gateways = createGatewayPool(createClientFactory({ retry: SDK_RETRY_BULK }));
  proxy.clear();
  const started = performance.now();
  let repositories = 0;
  for await (const event of sweep(
    { ...options, targets: [{ account: ACCOUNT, region: REGION }] },
    {
      gatewayFor: (t) => gateways.ecrGateway(t),
      standard,
      now: () => new Date(),
    },
  )) {
    if (event.type === 'repository') repositories += 1;
    if (event.type === 'repository-failed' || event.type === 'target-failed') {
      throw new Error(`the benchmark sweep failed: ${event.reason}`);
    }
  }
  const wallMs = performance.now() - started;
  const calls = proxy.operations({ service: 'ecr' });
  const perRepository = calls.filter((c) => !PER_TARGET_CALLS.has(c));
  const writes = perRepository.filter(isWriteOperation).length;
  const per = (n: number): number => Math.round((n / Math.max(1, repositories)) * 100) / 100;
  return {
    label,
    concurrency: options.concurrency,
    repositories,
    wallMs: Math.round(wallMs),
    callsPerRepository: per(perRepository.length),
    readsPerRepository: per(perRepository.length - writes),
    writesPerRepository: per(writes),
    perRegionCalls: calls.length - perRepository.length,
  };
}

function table(result: SweepBenchmarkResult): string {
  const runs = [
    result.sequential,
    result.concurrent,
    result.compliantEnforce,
    result.compliantAudit,
  ];
  const rows = [
    [
      'run',
      'concurrency',
      'repos',
      'wall ms',
      'calls/repo',
      'reads/repo',
      'writes/repo',
      'per-region',
    ],
    ...runs.map((r) => [
      r.label,
      `${r.concurrency.perTarget}/${r.concurrency.overall}`,
      String(r.repositories),
      String(r.wallMs),
      String(r.callsPerRepository),
      String(r.readsPerRepository),
      String(r.writesPerRepository),
      String(r.perRegionCalls),
    ]),
  ];
  const widths =
    rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  const lines = rows.map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  '),
  );
  lines.push('', `ratio (default / concurrency 1): ${result.ratio.toFixed(3)}`, '');
  for (const b of result.budgets) {
    lines.push(`${b.ok ? 'ok  ' : 'OVER'}  ${b.what}: ${b.measured} (budget ${b.budget})`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Starts the emulator and the 25 ms proxy, runs the four sweeps and returns the figures.
 *
 * @example
 * ```ts
 * const { ratio, budgets } = await runSweepBenchmark({ repositories: 300 });
 * ```
 */
export async function runSweepBenchmark(
  options: SweepBenchmarkOptions = {},
): Promise<SweepBenchmarkResult> {
  const count = options.repositories ?? 300;
  const delayMs = options.delayMs ?? 25;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emulator = await startEmulator({ log: () => undefined });
  const proxy = await startAwsProxy({ target: emulator.endpoint, delayMs });
  const saved = { ...process.env };
  useAwsEnvironment(proxy.endpoint, REGION, {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  try {
    const defaults = {
      perTarget: DEFAULT_CONCURRENCY_PER_TARGET,
      overall: DEFAULT_CONCURRENCY_OVERALL,
    };
    log(`sweep benchmark: ${count} non-compliant repositories, ${delayMs} ms per call`);
    await resetEmulator(emulator.endpoint);
    await createRepositories(emulator.endpoint, count);
    log('  enforcing at concurrency 1…');
    const sequential = await timedSweep(proxy, 'non-compliant, concurrency 1', {
      dryRun: false,
      concurrency: { perTarget: 1, overall: 1 },
    });
    await resetEmulator(emulator.endpoint);
    await createRepositories(emulator.endpoint, count);
    log('  enforcing at the default concurrency…');
    const concurrent = await timedSweep(proxy, 'non-compliant, default', {
      dryRun: false,
      concurrency: defaults,
    });
    log('  sweeping the now compliant repositories…');
    const compliantEnforce = await timedSweep(proxy, 'compliant, enforce', {
      dryRun: false,
      concurrency: defaults,
    });
    const compliantAudit = await timedSweep(proxy, 'compliant, audit (tags read)', {
      dryRun: true,
      readTags: 'always',
      concurrency: defaults,
    });
    const ratio = concurrent.wallMs / Math.max(1, sequential.wallMs);
    const result: SweepBenchmarkResult = {
      repositories: count,
      delayMs,
      sequential,
      concurrent,
      ratio,
      compliantEnforce,
      compliantAudit,
      budgets: [
        {
          what: 'sweep wall time, default / concurrency 1',
          budget: '≤ 0.2',
          measured: ratio.toFixed(3),
          ok: ratio <= 0.2,
        },
        {
          what: 'calls per compliant repository (audit, tags read)',
          budget: '≤ 2',
          measured: String(compliantAudit.callsPerRepository),
          ok: compliantAudit.callsPerRepository <= 2 && compliantAudit.writesPerRepository === 0,
        },
        {
          what: 'calls per non-compliant repository, three controls missing',
          budget: '≤ 5',
          measured: String(concurrent.callsPerRepository),
          ok: concurrent.callsPerRepository <= 5,
        },
      ],
    };
    return result;
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    await proxy.close();
    await emulator.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  const result = await runSweepBenchmark({ repositories: quick ? 60 : 300 });
  process.stdout.write(table(result));
  process.exitCode = result.budgets.every((b) => b.ok) ? 0 : 1;
}
