/**
 * The rules' event patterns (serverless.yml `custom.eventPatterns`, which the packaged stack
 * and the member template use verbatim — test/deploy) recreated on the emulator's EventBridge,
 * fed every real AWS sample event: each reaches exactly the function it should, or none.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DRIFT_EVENT_NAMES } from '#lib/events/index.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import {
  listEventFixtures,
  loadEventBridgeFixture,
  loadEventFixture,
  withField,
  wrapCloudTrailRecord,
} from '../../harness/fixtures.ts';
import {
  centralAccountEventPatterns,
  centralEventPatterns,
  createRoutingBench,
  type RoutingBench,
} from '../support/event-routing.ts';

/** Which function each pattern triggers (serverless.yml `functions`). */
const FUNCTION_OF: Readonly<Record<string, string>> = {
  imagePushed: 'enforce-repository',
  repositoryApiCalls: 'enforce-repository',
  repositoryActions: 'enforce-repository',
  basicScanCompleted: 'report-findings',
  enhancedScanCompleted: 'report-findings',
  // Through the finding queue, which report-findings reads in windows.
  findingChanged: 'report-findings',
};

/** Every sample event, and the patterns that must let it through (none: dropped by EventBridge). */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'cloudtrail-record-ecr-createrepository.aws-docs.json': ['repositoryApiCalls'],
  'cloudtrail-record-ecr-imageactivationevent-restore-complete.aws-docs.json': [],
  'cloudtrail-record-ecr-policyexecutionevent-lifecycle-expire.aws-docs.json': [],
  'cloudtrail-record-ecr-putimage.aws-docs.json': [],
  'cloudtrail-record-ecr-updateimagestorageclass-archive.aws-docs.json': [],
  'ecr-image-action-delete-success.aws-docs.json': [],
  'ecr-image-action-push-success.aws-docs.json': ['imagePushed'],
  'ecr-image-action-update-storage-class-archive.aws-docs.json': [],
  'ecr-image-action-update-storage-class-restore.aws-docs.json': [],
  'ecr-image-scan-complete-all-severities.aws-lambda-go.json': ['basicScanCompleted'],
  'ecr-image-scan-complete-duplicate-high-key.ecr-scan-notifier-readme.json': [
    'basicScanCompleted',
  ],
  'ecr-image-scan-complete-no-severity-counts.aws-docs-2019.json': ['basicScanCompleted'],
  'ecr-image-scan-complete-with-findings.aws-docs.json': ['basicScanCompleted'],
  'ecr-pull-through-cache-action-success.aws-docs.json': ['repositoryActions'],
  'ecr-referrer-action-restore-sbom.aws-docs.json': [],
  'ecr-replication-action-failed.aws-docs.json': ['repositoryActions'],
  'ecr-replication-action-success.aws-docs.json': ['repositoryActions'],
  'ecr-scan-resource-change-scan-frequency.aws-docs.json': ['repositoryActions'],
  'inspector-finding-ecr-legacy-flat.aws-ecr-docs-2021-11.json': [],
  'inspector-scan-ecr-legacy-detail-type.aws-ecr-docs-2021-11.json': [],
  'inspector2-coverage-ec2-instance-inactive.aws-inspector-docs.json': [],
  'inspector2-finding-ecr-package-vulnerability-libssh2.aws-ecr-docs.json': ['findingChanged'],
  'inspector2-finding-ecr-package-vulnerability-openssl.aws-inspector-docs.json': [
    'findingChanged',
  ],
  'inspector2-scan-ecr-initial-scan-complete.aws-ecr-docs.json': ['enhancedScanCompleted'],
  'inspector2-scan-ecr-initial-scan-complete.ecr-scan-notifier-readme.json': [
    'enhancedScanCompleted',
  ],
  'inspector2-scan-ecr-initial-scan-zero-findings.aws-inspector-docs.json': [
    'enhancedScanCompleted',
  ],
};

const CREATE_REPOSITORY = loadEventFixture('cloudtrail-record-ecr-createrepository.aws-docs.json');
const PUSH = loadEventFixture('ecr-image-action-push-success.aws-docs.json');

/** The real CreateRepository record as another ECR call (only the call's name changed). */
function apiCall(eventName: string): unknown {
  return wrapCloudTrailRecord(withField(CREATE_REPOSITORY, ['eventName'], eventName));
}

const ACCOUNT = '123456789012'; // the sample's
const CENTRAL_ROLE = `arn:aws:iam::${ACCOUNT}:role/ecr-guard-prod-us-east-2-enforce-repository`;

/** The real drift-shaped record, made in a session of `role` named `session`. */
function callBy(role: string, session: string): unknown {
  const record = withField(
    withField(CREATE_REPOSITORY, ['eventName'], 'PutImageTagMutability'),
    ['userIdentity', 'arn'],
    `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
  );
  return wrapCloudTrailRecord(
    withField(record, ['userIdentity', 'sessionContext', 'sessionIssuer'], {
      type: 'Role',
      arn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
      accountId: ACCOUNT,
      userName: role,
    }),
  );
}

/** The real record as an IAM user's call (no session, no issuer). */
const IAM_USER_CALL = wrapCloudTrailRecord(
  withField(withField(CREATE_REPOSITORY, ['eventName'], 'PutLifecyclePolicy'), ['userIdentity'], {
    type: 'IAMUser',
    arn: `arn:aws:iam::${ACCOUNT}:user/Mary_Major`,
    accountId: ACCOUNT,
  }),
);

describe('Event patterns (on the emulator’s EventBridge)', () => {
  const endpoint = inject('awsEndpoint');
  let bench: RoutingBench;

  beforeAll(async () => {
    await resetEmulator(endpoint);
    bench = await createRoutingBench(
      { endpoint, region: 'us-east-1' },
      'ecr-guard',
      centralEventPatterns(),
    );
  });

  afterAll(() => {
    bench.destroy();
  });

  it('has an expectation for every sample event', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(listEventFixtures());
  });

  it.each(Object.entries(EXPECTED))('routes %s to %j', async (name, patterns) => {
    // Act
    await bench.put(loadEventBridgeFixture(name));

    // Assess
    expect(await bench.arrivals()).toEqual([...patterns].sort());
  });

  it.each(DRIFT_EVENT_NAMES.map((name) => [name]))(
    'routes a %s call (drift) to enforce-repository',
    async (eventName) => {
      // Act
      await bench.put(apiCall(eventName));

      // Assess
      expect(await bench.arrivals()).toEqual(['repositoryApiCalls']);
    },
  );

  it.each([
    [
      'a failed CreateRepository call',
      wrapCloudTrailRecord(
        withField(CREATE_REPOSITORY, ['errorCode'], 'RepositoryAlreadyExistsException'),
      ),
    ],
    ['a DeleteRepository call', apiCall('DeleteRepository')],
    ['a GetRepositoryPolicy call (a read)', apiCall('GetRepositoryPolicy')],
    [
      'a failed pull-through cache sync',
      withField(
        loadEventFixture('ecr-pull-through-cache-action-success.aws-docs.json'),
        ['detail', 'sync-status'],
        'FAILED',
      ),
    ],
    [
      'a scan frequency change of the registry, not of repositories',
      withField(
        loadEventFixture('ecr-scan-resource-change-scan-frequency.aws-docs.json'),
        ['detail', 'resource-type'],
        'REGISTRY',
      ),
    ],
    ['a failed push', withField(PUSH, ['detail', 'result'], 'FAILURE')],
    [
      'a call to ECR Public',
      wrapCloudTrailRecord(
        withField(CREATE_REPOSITORY, ['eventSource'], 'ecr-public.amazonaws.com'),
      ),
    ],
  ])('lets %s through to no function', async (_what, event) => {
    // Act
    await bench.put(event);

    // Assess
    expect(await bench.arrivals()).toEqual([]);
  });

  it('never sends a deletion, storage-class or referrer event to enforce-repository', async () => {
    // Prepare: replications and pull-through cache syncs do reach it (repositoryActions).
    const others = listEventFixtures().filter((name) =>
      /delete|storage-class|referrer|putimage|storageclass/.test(name),
    );

    // Act
    const reached: string[] = [];
    for (const name of others) {
      await bench.put(loadEventBridgeFixture(name));
      const arrived = await bench.arrivals();
      if (arrived.some((pattern) => FUNCTION_OF[pattern] === 'enforce-repository'))
        reached.push(name);
    }

    // Assess
    expect(others.length).toBeGreaterThanOrEqual(6);
    expect(reached).toEqual([]);
  });

  it.each([
    [
      'ecr-guard’s own session of the member role',
      [],
      callBy('ecr-guard-remediation', 'ecr-guard-enforce-repository'),
    ],
    [
      'a person’s session of the member role',
      ['repositoryApiCalls'],
      callBy('ecr-guard-remediation', 'mary.major'),
    ],
    [
      'a role merely named like ecr-guard’s',
      ['repositoryApiCalls'],
      callBy('ecr-guard-temp', 'ecr-guard-x'),
    ],
    ['an IAM user', ['repositoryApiCalls'], IAM_USER_CALL],
  ])('routes a call by %s to %j', async (_who, patterns, event) => {
    // Act
    await bench.put(event);

    // Assess
    expect(await bench.arrivals()).toEqual(patterns);
  });

  it('delivers the event itself: the detail arrives unchanged', async () => {
    // Act
    await bench.put(PUSH);

    // Assess
    const [message] = await bench.messages('imagePushed');
    expect(message).toMatchObject({
      source: 'aws.ecr',
      'detail-type': 'ECR Image Action',
      detail: (PUSH as { detail: unknown }).detail,
    });
  });
});

describe('Event patterns of the central account’s own bus (on the emulator’s EventBridge)', () => {
  const endpoint = inject('awsEndpoint');
  let bench: RoutingBench;

  beforeAll(async () => {
    bench = await createRoutingBench(
      { endpoint, region: 'us-east-1' },
      'ecr-guard-own',
      centralAccountEventPatterns([CENTRAL_ROLE]),
    );
  });

  afterAll(() => {
    bench.destroy();
  });

  it.each([
    [
      'a central function’s role',
      [],
      callBy('ecr-guard-prod-us-east-2-enforce-repository', 'ecr-guard-prod-enforce-repository'),
    ],
    [
      'ecr-guard’s own session of the member role',
      [],
      callBy('ecr-guard-remediation', 'ecr-guard-sweep-worker'),
    ],
    [
      'another role of the central account',
      ['repositoryApiCalls'],
      callBy('Admin', 'diego.ramirez'),
    ],
    ['an IAM user', ['repositoryApiCalls'], IAM_USER_CALL],
    [
      'the CreateRepository sample',
      ['repositoryApiCalls'],
      loadEventBridgeFixture('cloudtrail-record-ecr-createrepository.aws-docs.json'),
    ],
  ])('routes a call by %s to %j', async (_who, patterns, event) => {
    // Act
    await bench.put(event);

    // Assess
    expect(await bench.arrivals()).toEqual(patterns);
  });
});
