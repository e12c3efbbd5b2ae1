/**
 * Fault suite — throttling. The proxy in front of the emulator answers ECR calls with HTTP 400
 * `ThrottlingException` / HTTP 429 `ThrottleException`, as ECR's JSON protocol does, and the
 * SDK's adaptive retry (`SDK_RETRY`, lib/aws/client-factory.ts) must absorb them: a sweep and a
 * burst of push events still leave every repository compliant, no repository fails, and every
 * throttled call is sent again (same `amz-sdk-invocation-id`, next `attempt`) and let through.
 *
 * Two ways of throttling:
 * - as AWS does, by rate: a token bucket on the proxy. The first burst of a sweep or of many
 *   events is throttled, until adaptive retry has slowed the client under the allowed rate;
 * - a seeded 30 % share of the calls, whatever the rate (deterministic). Adaptive retry reads
 *   every throttle as "too fast" and keeps slowing the client, towards its floor of 0.5
 *   request/s (where a throttle in a client's first half second sends it at once): measured on
 *   this machine, ~1.4 calls/s against ~13/s with standard retry. So one push event is run this
 *   way, to show the path works and what it costs; the sweep and the burst use the rate.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { EnforceRepositoryResponse } from '#functions/enforce-repository.ts';
import { createClientFactory, SDK_RETRY } from '#lib/aws/index.ts';
import { createGatewayPool, EcrGateway } from '#lib/controls/index.ts';
import type { RepositoryReport } from '#lib/enforcement/index.ts';
import { loadStandard, type Standard } from '#lib/standard/index.ts';
import { sweep } from '#lib/sweep/sweep.ts';
import type { SweepEvent } from '#lib/sweep/sweep-event.ts';
import { type AwsProxy, startAwsProxy } from '../../../harness/aws-proxy.ts';
import {
  arrangeClient,
  createRepository,
  type RepositorySetup,
  TEST_CREDENTIALS,
  useAwsEnvironment,
} from '../../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../../harness/emulator.ts';
import { loadEventFixture, withField } from '../../../harness/fixtures.ts';
import { lambdaContext } from '../../../harness/lambda-context.ts';
import {
  type RateLimit,
  rateLimit,
  retriesOf,
  type ThrottleShare,
  throttleShare,
} from '../../support/aws-faults.ts';
import { type CapturedLogs, captureLogs } from '../../support/capture-logs.ts';
import { FIRST_THREE_CONTROLS_CONFIG } from '../../support/first-three-controls.ts';

const ACCOUNT = '123456789012';
const REGION = 'us-west-2'; // the push sample's region
const LOCK_TABLE = 'ecr-guard-dedupe';
/**
 * The seed of the 30 % share, and the calls it throttles in the one event it is applied to
 * (eleven ECR calls, the lifecycle protection's DescribeImages among them). Each throttle
 * costs ~1-2.5 s of adaptive retry's rate limiting, so the seed was picked among the first
 * few for a typical draw: five throttles, on reads and a write.
 */
const SEED = 'g';
const SEEDED_THROTTLES = [
  'DescribeImages',
  'DescribeRepositories',
  'GetLifecyclePolicy',
  'PutImageScanningConfiguration',
  'PutImageScanningConfiguration',
];
const PUSH = loadEventFixture('ecr-image-action-push-success.aws-docs.json');
const TEAM_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'keep 50',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 },
      action: { type: 'expire' },
    },
  ],
});

/** Every state a repository can start in: nothing set, some controls set, all set. */
const STATES: readonly RepositorySetup[] = [
  {},
  { scanOnPush: true },
  { mutability: 'IMMUTABLE' },
  { lifecyclePolicyText: TEAM_POLICY },
  { mutability: 'IMMUTABLE_WITH_EXCLUSION', scanOnPush: true },
  { mutability: 'IMMUTABLE', scanOnPush: true, lifecyclePolicyText: TEAM_POLICY },
];

type Handler = (
  event: unknown,
  context: ReturnType<typeof lambdaContext>,
) => Promise<EnforceRepositoryResponse>;

async function arrangeRepositories(
  ecr: ECRClient,
  prefix: string,
  count: number,
): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
  await Promise.all(
    names.map((name, i) => createRepository(ecr, name, STATES[i % STATES.length] ?? {})),
  );
  return names;
}

async function collect(events: AsyncIterable<SweepEvent>): Promise<SweepEvent[]> {
  const all: SweepEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe('Fault: ECR throttles', () => {
  const endpoint = inject('awsEndpoint');
  // Which throttling the proxy applies: set by each test.
  let throttling: { fault: RateLimit['fault'] | ThrottleShare['fault'] } | undefined;
  let proxy: AwsProxy;
  let ecr: ECRClient;
  let standard: Standard;
  let handler: Handler;

  /** An audit straight on the emulator (no proxy, no throttling): every repository's report. */
  async function audit(region: string): Promise<RepositoryReport[]> {
    const client = arrangeClient(endpoint, region);
    const gateway = new EcrGateway({ client, account: ACCOUNT, region });
    const events = await collect(
      sweep(
        { targets: [{ account: ACCOUNT, region }], dryRun: true },
        { gatewayFor: () => gateway, standard, now: () => new Date() },
      ),
    );
    client.destroy();
    return events.flatMap((e) => (e.type === 'repository' ? [e.report] : []));
  }

  async function expectAllCompliant(names: readonly string[], region = REGION): Promise<void> {
    const after = await audit(region);
    expect(after.map((r) => r.repositoryName).sort()).toEqual([...names].sort());
    for (const report of after) {
      expect(report.controls.map((c) => `${c.control}=${c.status}`)).toEqual([
        'immutability=compliant',
        'lifecycle=compliant',
        'scanning=compliant',
      ]);
    }
  }

  function invokeAll(
    events: readonly unknown[],
  ): Promise<PromiseSettledResult<EnforceRepositoryResponse>[]> {
    return Promise.allSettled(
      events.map((event) => handler(event, lambdaContext('ecr-guard-enforce-repository'))),
    );
  }

  beforeAll(async () => {
    proxy = await startAwsProxy({
      target: endpoint,
      fault: (call, request) => throttling?.fault(call, request),
    });
    useAwsEnvironment(proxy.endpoint, REGION, {
      POWERTOOLS_LOG_LEVEL: 'INFO',
      // The standard of the first three controls, whose writes and reads this file counts.
      ECR_GUARD_CONFIG: FIRST_THREE_CONTROLS_CONFIG,
      // What serverless.yml sets: the table of the remediation lock.
      DEDUPE_TABLE_NAME: LOCK_TABLE,
    });
    ({ handler } = (await import('#functions/enforce-repository.ts')) as { handler: Handler });
    ecr = arrangeClient(endpoint, REGION);
    standard = await loadStandard(FIRST_THREE_CONTROLS_CONFIG);
  });

  afterAll(async () => {
    ecr.destroy();
    await proxy.close();
  });

  beforeEach(async () => {
    throttling = undefined;
    await resetEmulator(endpoint);
    const dynamodb = new DynamoDBClient({
      endpoint,
      region: REGION,
      credentials: TEST_CREDENTIALS,
    });
    await dynamodb.send(
      new CreateTableCommand({
        TableName: LOCK_TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    dynamodb.destroy();
    proxy.clear();
  });

  it('sweeps 12 repositories to compliance under a rate limit, every throttled call retried', async () => {
    // Prepare
    const names = await arrangeRepositories(ecr, 'swept', 12);
    const limit = rateLimit({ ratePerSecond: 30, burst: 10 });
    throttling = limit;
    const gateways = createGatewayPool(createClientFactory());

    // Act
    const events = await collect(
      sweep(
        { targets: [{ account: ACCOUNT, region: REGION }], dryRun: false },
        { gatewayFor: (t) => gateways.ecrGateway(t), standard, now: () => new Date() },
      ),
    );
    throttling = undefined;

    // Assess: nothing failed, every repository handled and now compliant.
    expect(events.filter((e) => e.type.endsWith('-failed'))).toEqual([]);
    expect(events.filter((e) => e.type === 'repository')).toHaveLength(names.length);
    await expectAllCompliant(names);
    // Assess: the retries are visible on the wire, and stayed within the SDK's attempts.
    const retries = retriesOf(proxy.calls, limit.throttled);
    expect(limit.throttled.length).toBeGreaterThan(0);
    expect(retries.unresolved).toEqual([]);
    expect(retries.resent).toBe(limit.throttled.length);
    expect(retries.maxAttempt).toBeLessThanOrEqual(SDK_RETRY.maxAttempts);
    process.stdout.write(
      `sweep: ${proxy.operations({ service: 'ecr' }).length} ECR calls, throttled ${limit.throttled.map((c) => c.operation).join(' ')}\n`,
    );
  });

  it('brings 6 repositories to compliance from a burst of push events under a rate limit', async () => {
    // Prepare
    const names = await arrangeRepositories(ecr, 'pushed', 6);
    const events = names.map((name) => withField(PUSH, ['detail', 'repository-name'], name));
    const limit = rateLimit({ ratePerSecond: 50, burst: 10 });
    throttling = limit;
    const logs: CapturedLogs = captureLogs();

    // Act
    let results: PromiseSettledResult<EnforceRepositoryResponse>[];
    try {
      results = await invokeAll(events);
    } finally {
      logs.restore();
      throttling = undefined;
    }

    // Assess: every invocation succeeded (none left for Lambda to retry), all compliant.
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    await expectAllCompliant(names);
    const retries = retriesOf(proxy.calls, limit.throttled);
    expect(limit.throttled.length).toBeGreaterThan(0);
    expect(retries.unresolved).toEqual([]);
    expect(retries.maxAttempt).toBeLessThanOrEqual(SDK_RETRY.maxAttempts);
    // Nothing was logged as failed: the SDK absorbed every throttle — and said nothing of it.
    const entries = logs.entries();
    expect(entries.filter((e) => e.level === 'ERROR')).toEqual([]);
    expect(entries.filter((e) => /retr|throttl/i.test(JSON.stringify(e)))).toEqual([]);
  });

  it('enforces a push event with a seeded 30 % of its ECR calls throttled', async () => {
    // Prepare: a region of its own, where one event already ran (the registry configuration
    // is cached), so the calls of the event under test do not depend on the tests before.
    const region = 'eu-west-1';
    const regional = arrangeClient(endpoint, region);
    await createRepository(regional, 'seeded');
    await createRepository(regional, 'warm-up');
    regional.destroy();
    const pushIn = (name: string): unknown =>
      withField(withField(PUSH, ['region'], region), ['detail', 'repository-name'], name);
    const warmUp = captureLogs();
    try {
      await invokeAll([pushIn('warm-up')]);
    } finally {
      warmUp.restore();
    }
    proxy.clear();
    const event = pushIn('seeded');
    const share = throttleShare({ seed: SEED, share: 0.3 });
    throttling = share;
    const logs = captureLogs();

    // Act
    const started = Date.now();
    let result: PromiseSettledResult<EnforceRepositoryResponse> | undefined;
    try {
      [result] = await invokeAll([event]);
    } finally {
      logs.restore();
      throttling = undefined;
    }
    const elapsedMs = Date.now() - started;

    // Assess: remediated, every throttled call sent again and let through.
    expect(result).toMatchObject({
      status: 'fulfilled',
      value: {
        repositories: [
          {
            controls: [
              { status: 'remediated' },
              { status: 'remediated' },
              { status: 'remediated' },
            ],
          },
        ],
      },
    });
    await expectAllCompliant(['seeded', 'warm-up'], region);
    // The seed decides which calls are throttled, whatever the timing: 400 ThrottlingException
    // and 429 ThrottleException in turn, on reads and on a write.
    expect(share.throttled.map((c) => c.operation).sort()).toEqual(SEEDED_THROTTLES);
    const retries = retriesOf(proxy.calls, share.throttled);
    expect(retries.unresolved).toEqual([]);
    expect(retries.resent).toBe(share.throttled.length);
    expect(share.longestRun()).toBeLessThan(SDK_RETRY.maxAttempts);
    process.stdout.write(
      `seeded 30 % throttling: ${proxy.operations({ service: 'ecr' }).length} ECR calls, ${share.throttled.length} throttled, ${elapsedMs} ms\n`,
    );
  });
});
