/**
 * The sweep benchmark (docs/ARCHITECTURE.md, section 8): 300 non-compliant repositories
 * swept through a loopback proxy that adds 25 ms to every AWS call, at concurrency 1 and at
 * the default concurrency; the same sweep under the DynamoDB remediation lock, as
 * sweep-worker makes it; and the API calls per repository, compliant and not.
 *
 *   npx tsx bench/sweep.ts [--quick]      (--quick: 60 repositories)
 *
 * `runSweepBenchmark()` returns the figures, for `npm run bench`.
 */
import { pathToFileURL } from 'node:url';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { createClientFactory, SDK_RETRY, SDK_RETRY_BULK } from '#lib/aws/index.ts';
import { createGatewayPool } from '#lib/controls/index.ts';
import { DynamoDbRemediationLock, type RemediationLock } from '#lib/enforcement/index.ts';
import { loadStandard } from '#lib/standard/index.ts';
import {
  DEFAULT_CONCURRENCY_OVERALL,
  DEFAULT_CONCURRENCY_PER_TARGET,
  type SweepOptions,
  sweep,
} from '#lib/sweep/index.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../harness/aws-proxy.ts';
import { arrangeClient, TEST_CREDENTIALS, useAwsEnvironment } from '../harness/ecr-arrange.ts';
import { resetEmulator, startEmulator } from '../harness/emulator.ts';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
/** The table sweep-worker takes the remediation lock in (`DEDUPE_TABLE_NAME`). */
const LOCK_TABLE = 'ecr-guard-bench-dedupe';
/**
 * The calls made once per account and region, not per repository: the listing, the registry
 * facts the repository controls share, and the registry-level controls' own reads (creation
 * templates, the basic scan engine's account setting; vpc-endpoints' EC2 reads are off by
 * default).
 */
const PER_TARGET_CALLS = new Set([
  'ecr:DescribeRepositories',
  'ecr:GetRegistryScanningConfiguration',
  'ecr:DescribePullThroughCacheRules',
  'ecr:DescribeRepositoryCreationTemplates',
  'ecr:GetAccountSetting',
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
  /** The default-concurrency sweep under the DynamoDB remediation lock (sweep-worker's). */
  locked: SweepRun;
  /** Of `locked`'s calls per repository, those to the lock's table. */
  lockCallsPerRepository: number;
  compliantEnforce: SweepRun;
  compliantAudit: SweepRun;
  budgets: Array<{ what: string; budget: string; measured: string; ok: boolean }>;
}

async function createRepositories(endpoint: string, count: number): Promise<void> {
  const ecr = arrangeClient(endpoint, REGION);
  const names = Array.from({ length: count }, (_, i) => `bench-app-${String(i).padStart(4, '0')}`);
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

/** An empty lock table in the emulator, and the lock on it through the proxy (as deployed). */
async function lockTable(endpoint: string): Promise<RemediationLock> {
  const arrange = new DynamoDBClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS });
  await arrange.send(
    new CreateTableCommand({
      TableName: LOCK_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  arrange.destroy();
  return new DynamoDbRemediationLock({
    client: new DynamoDBClient({ region: REGION, ...SDK_RETRY }),
    tableName: LOCK_TABLE,
    account: ACCOUNT,
    region: REGION,
  });
}

async function timedSweep(
  proxy: AwsProxy,
  label: string,
  options: Omit<SweepOptions, 'targets'> & { concurrency: { perTarget: number; overall: number } },
  locked?: { lock: RemediationLock; perRegionCalls: number },
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
      ...(locked === undefined ? {} : { lock: locked.lock }),
    },
  )) {
    if (event.type === 'repository') repositories += 1;
    if (event.type === 'repository-failed' || event.type === 'target-failed') {
      throw new Error(`the benchmark sweep failed: ${event.reason}`);
    }
  }
  const wallMs = performance.now() - started;
  const calls = [
    ...proxy.operations({ service: 'ecr' }),
    ...proxy.operations({ service: 'dynamodb' }),
  ];
  // Under the lock, each repository's state is read again by name (DescribeRepositories too):
  // the per-region calls are then those of the same sweep without the lock.
  const perRegion = locked?.perRegionCalls ?? calls.filter((c) => PER_TARGET_CALLS.has(c)).length;
  const perRepository = calls.length - perRegion;
  const writes = calls.filter(isWriteOperation).length;
  const per = (n: number): number => Math.round((n / Math.max(1, repositories)) * 100) / 100;
  return {
    label,
    concurrency: options.concurrency,
    repositories,
    wallMs: Math.round(wallMs),
    callsPerRepository: per(perRepository),
    readsPerRepository: per(perRepository - writes),
    writesPerRepository: per(writes),
    perRegionCalls: perRegion,
  };
}

function table(result: SweepBenchmarkResult): string {
  const runs = [
    result.sequential,
    result.concurrent,
    result.locked,
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
    await resetEmulator(emulator.endpoint);
    await createRepositories(emulator.endpoint, count);
    const lock = await lockTable(emulator.endpoint);
    log('  enforcing at the default concurrency, under the remediation lock (sweep-worker)…');
    const locked = await timedSweep(
      proxy,
      'non-compliant, default, lock',
      { dryRun: false, concurrency: defaults },
      { lock, perRegionCalls: concurrent.perRegionCalls },
    );
    const lockCallsPerRepository =
      Math.round(
        (proxy.operations({ service: 'dynamodb' }).length / Math.max(1, locked.repositories)) * 100,
      ) / 100;
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
      locked,
      lockCallsPerRepository,
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
          // Every repository-level control on: the lifecycle policy, the repository policy
          // (repository-policy), the images (tag-strategy, shared with the lifecycle guard).
          what: 'reads per compliant repository, every repository-level control on',
          budget: '≤ 3',
          measured: String(compliantEnforce.readsPerRepository),
          ok:
            compliantEnforce.readsPerRepository <= 3 && compliantEnforce.writesPerRepository === 0,
        },
        {
          what: 'calls per non-compliant repository, three controls missing',
          budget: '≤ 5',
          measured: String(concurrent.callsPerRepository),
          ok: concurrent.callsPerRepository <= 5,
        },
        {
          what: 'calls per non-compliant repository under the remediation lock (sweep-worker)',
          budget: '≤ 5',
          measured: String(locked.callsPerRepository),
          ok: locked.callsPerRepository <= 5,
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
