/**
 * Fault suite — broken dependencies, through the handlers on the emulator, configured as
 * serverless.yml configures them (central account 123456789012, two allowed member accounts):
 * - SNS failing: report-findings throws for Lambda to retry, gives its dedupe claim back, and
 *   the retry publishes once;
 * - DynamoDB unavailable: report-findings throws before publishing anything;
 * - the member role missing: enforce-repository throws an error naming the account and the
 *   role ARN, so the event is retried and then lands in the on-failure destination;
 * - the repository deleted between the event and the fix: skipped, nothing thrown;
 * - a lifecycle policy written by its team between ecr-guard's read and its write: ECR has no
 *   conditional put, so ecr-guard's write wins and the team's policy is lost (measured here).
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteRepositoryCommand,
  type ECRClient,
  GetLifecyclePolicyCommand,
  PutLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { EnforceRepositoryResponse } from '#functions/enforce-repository.ts';
import type { ReportFindingsResponse } from '#functions/report-findings.ts';
import { AT_MOST_ONCE_ATTEMPTS, AwsCallError, MemberRoleAssumptionError } from '#lib/aws/index.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '#lib/standard/index.ts';
import {
  ACCOUNT,
  completeScan,
  createAlertingResources,
  drainQueue,
  pushImage,
  TABLE_NAME,
  topicArn,
} from '../../../harness/alerting-arrange.ts';
import {
  type AwsProxy,
  type FaultResponse,
  isWriteOperation,
  type RecordedCall,
  startAwsProxy,
} from '../../../harness/aws-proxy.ts';
import {
  basicFinding,
  enhancedFinding,
  scanFindingsResponse,
} from '../../../harness/aws-response-fixtures.ts';
import {
  arrangeClient,
  createRepository,
  TEST_CREDENTIALS,
  useAwsEnvironment,
} from '../../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../../harness/emulator.ts';
import { loadEventFixture, withField, wrapCloudTrailRecord } from '../../../harness/fixtures.ts';
import { lambdaContext } from '../../../harness/lambda-context.ts';
import { serverError } from '../../support/aws-faults.ts';
import { captureLogs, type LogEntry } from '../../support/capture-logs.ts';
import { FIRST_THREE_CONTROLS_CONFIG } from '../../support/first-three-controls.ts';
import { assumedRoleArn, assumeRoleAccessDenied } from '../../support/member-account.ts';

const REGION = 'us-east-1';
const MEMBER = '222222222222';
/** Allowed, but the member template was never deployed there: AssumeRole is denied. */
const NO_ROLE = '444444444444';
const REPOSITORY = 'my-repository-name';
const PUSH = withField(
  loadEventFixture('ecr-image-action-push-success.aws-docs.json'),
  ['region'],
  REGION,
);
const SCAN = loadEventFixture('ecr-image-scan-complete-with-findings.aws-docs.json');
const STANDARD_POLICY = JSON.stringify(DEFAULT_LIFECYCLE_POLICY);
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

type Handler<R> = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<R>;
type Settled<R> = { result: R; error?: undefined } | { result?: undefined; error: unknown };

function pushOf(account: string, repository: string): unknown {
  return withField(
    withField(PUSH, ['account'], account),
    ['detail', 'repository-name'],
    repository,
  );
}

/** A drift event: the real CreateRepository record, made a PutLifecyclePolicy by a team role. */
function teamPutLifecyclePolicy(repository: string): unknown {
  let record = loadEventFixture('cloudtrail-record-ecr-createrepository.aws-docs.json');
  record = withField(record, ['eventName'], 'PutLifecyclePolicy');
  record = withField(record, ['awsRegion'], REGION);
  record = withField(record, ['requestParameters'], { repositoryName: repository });
  record = withField(
    record,
    ['userIdentity', 'sessionContext', 'sessionIssuer', 'userName'],
    'payments-deployer',
  );
  return wrapCloudTrailRecord(record);
}

describe('Fault: broken dependencies', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let ecr: ECRClient;
  let queueUrl: string;
  let enforceHandler: Handler<EnforceRepositoryResponse>;
  let reportHandler: Handler<ReportFindingsResponse>;
  /** The fault of the test running, if any; AssumeRole into NO_ROLE is always denied. */
  let fault:
    | ((
        call: RecordedCall,
        body: string,
      ) => FaultResponse | undefined | Promise<FaultResponse | undefined>)
    | undefined;

  async function withLogs<R>(
    handler: Handler<R>,
    event: unknown,
    name: string,
  ): Promise<Settled<R> & { logs: LogEntry[] }> {
    const logs = captureLogs();
    let settled: Settled<R>;
    try {
      settled = { result: await handler(event, lambdaContext(name)) };
    } catch (error) {
      settled = { error };
    } finally {
      logs.restore();
    }
    return { ...settled, logs: logs.entries() };
  }

  const enforce = (event: unknown) =>
    withLogs(enforceHandler, event, 'ecr-guard-enforce-repository');
  const report = (event: unknown) => withLogs(reportHandler, event, 'ecr-guard-report-findings');

  beforeAll(async () => {
    proxy = await startAwsProxy({
      target: endpoint,
      fault: async (call, { body }) => {
        if (call.operation === 'AssumeRole') {
          const roleArn = assumedRoleArn(body) ?? '';
          if (roleArn.includes(`::${NO_ROLE}:`)) return assumeRoleAccessDenied(roleArn);
        }
        return fault?.(call, body);
      },
    });
    useAwsEnvironment(proxy.endpoint, REGION, {
      POWERTOOLS_LOG_LEVEL: 'INFO',
      // The standard of the first three controls, whose writes and reads this file counts.
      ECR_GUARD_CONFIG: FIRST_THREE_CONTROLS_CONFIG,
      // What serverless.yml sets.
      ECR_GUARD_ACCOUNT_ID: ACCOUNT,
      ECR_GUARD_ALLOWED_ACCOUNTS: `${MEMBER},${NO_ROLE}`,
      ALERTS_TOPIC_ARN: topicArn(REGION),
      DEDUPE_TABLE_NAME: TABLE_NAME,
    });
    ({ handler: enforceHandler } = (await import('#functions/enforce-repository.ts')) as {
      handler: Handler<EnforceRepositoryResponse>;
    });
    ({ handler: reportHandler } = (await import('#functions/report-findings.ts')) as {
      handler: Handler<ReportFindingsResponse>;
    });
    ecr = arrangeClient(endpoint, REGION);
  });

  afterAll(async () => {
    ecr.destroy();
    await proxy.close();
    for (const name of ['ECR_GUARD_ACCOUNT_ID', 'ECR_GUARD_ALLOWED_ACCOUNTS'])
      delete process.env[name];
  });

  beforeEach(async () => {
    fault = undefined;
    await resetEmulator(endpoint);
    ({ queueUrl } = await createAlertingResources(endpoint, REGION));
    proxy.clear();
  });

  /** An image of REPOSITORY with a completed scan of two findings at or above HIGH. */
  async function scannedImage(): Promise<{ digest: string; event: unknown }> {
    await createRepository(ecr, REPOSITORY, { tags: { team: 'payments' } });
    const digest = await pushImage(ecr, REPOSITORY, { tag: 'v1' });
    await completeScan(endpoint, ecr, {
      region: REGION,
      repositoryName: REPOSITORY,
      imageDigest: digest,
      response: scanFindingsResponse({
        repositoryName: REPOSITORY,
        imageDigest: digest,
        registryId: ACCOUNT,
        findings: [basicFinding({ severity: 'CRITICAL' })],
        enhancedFindings: [enhancedFinding()],
      }),
    });
    proxy.clear();
    return { digest, event: withField(SCAN, ['detail', 'image-digest'], digest) };
  }

  async function dedupeRecord(digest: string): Promise<Record<string, unknown> | undefined> {
    const dynamodb = new DynamoDBClient({
      endpoint,
      region: REGION,
      credentials: TEST_CREDENTIALS,
    });
    try {
      const { Item } = await dynamodb.send(
        new GetItemCommand({
          TableName: TABLE_NAME,
          Key: { pk: { S: `${ACCOUNT}/${REGION}/${REPOSITORY}@${digest}` } },
        }),
      );
      return Item;
    } finally {
      dynamodb.destroy();
    }
  }

  async function lifecyclePolicy(repository: string): Promise<string | undefined> {
    const out = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: repository }));
    return out.lifecyclePolicyText;
  }

  describe('SNS publish failing', () => {
    it('throws a retryable error, keeps no dedupe record, and the retry publishes once', async () => {
      // Prepare
      const { digest, event } = await scannedImage();
      fault = (call) =>
        call.service === 'sns' && call.operation === 'Publish' ? serverError(call, 500) : undefined;

      // Act
      const failed = await report(event);
      const publishAttempts = proxy.calls.filter((c) => c.operation === 'Publish');
      const recordAfterFailure = await dedupeRecord(digest);
      fault = undefined;
      const retried = await report(event);
      const again = await report(event);

      // Assess: the failure, retried by the SDK first (SNS answered: nothing was published;
      // Publish is retried at most AT_MOST_ONCE_ATTEMPTS times), then thrown for Lambda.
      expect(failed.error).toBeInstanceOf(AwsCallError);
      expect(failed.error).toMatchObject({ operation: 'sns:Publish', retryable: true });
      expect(publishAttempts.map((c) => c.attempt)).toEqual(
        Array.from({ length: AT_MOST_ONCE_ATTEMPTS }, (_, i) => i + 1),
      );
      expect(failed.logs).toContainEqual(
        expect.objectContaining({
          level: 'ERROR',
          message: 'reporting findings failed, the event will be retried',
        }),
      );
      // Assess: the claim was given back, so the retry alerts — once.
      expect(recordAfterFailure).toBeUndefined();
      expect(retried.result).toMatchObject({ outcome: 'published' });
      expect(again.result).toMatchObject({ outcome: 'duplicate' });
      expect(await drainQueue(endpoint, REGION, queueUrl)).toHaveLength(1);
      expect(await dedupeRecord(digest)).toBeDefined();
    });
  });

  describe('DynamoDB unavailable', () => {
    it('throws a retryable error before publishing anything, and the retry publishes once', async () => {
      // Prepare
      const { event } = await scannedImage();
      fault = (call) => (call.service === 'dynamodb' ? serverError(call, 503) : undefined);

      // Act
      const failed = await report(event);
      const calls = proxy.operations();
      fault = undefined;
      const retried = await report(event);

      // Assess
      expect(failed.error).toBeInstanceOf(AwsCallError);
      expect(failed.error).toMatchObject({ operation: 'dynamodb:PutItem', retryable: true });
      expect(calls.filter((c) => c === 'dynamodb:PutItem')).toHaveLength(6);
      expect(calls).not.toContain('sns:Publish');
      expect(retried.result).toMatchObject({ outcome: 'published' });
      expect(await drainQueue(endpoint, REGION, queueUrl)).toHaveLength(1);
    });
  });

  describe('the member role missing', () => {
    it('throws an error naming the account and the role ARN, for Lambda to retry', async () => {
      // Prepare
      const roleArn = `arn:aws:iam::${NO_ROLE}:role/ecr-guard-remediation`;

      // Act
      const failed = await enforce(pushOf(NO_ROLE, 'team/app'));

      // Assess: thrown (Lambda retries twice, then the on-failure queue keeps the event).
      expect(failed.error).toBeInstanceOf(Error);
      const message = (failed.error as Error).message;
      expect(message).toContain(`cannot assume role ${roleArn} in account ${NO_ROLE}`);
      expect(message).toContain('AccessDenied');
      expect((failed.error as Error).cause).toBeInstanceOf(MemberRoleAssumptionError);
      // One AssumeRole, not retried by the SDK (a refusal), and nothing else.
      expect(proxy.operations()).toEqual(['sts:AssumeRole']);
      const logged = failed.logs.find(
        (e) => e.message === 'enforcement failed, the event will be retried',
      );
      expect(logged).toMatchObject({ level: 'ERROR', account: NO_ROLE });
      expect(JSON.stringify(logged)).toContain(roleArn);
    });
  });

  describe('the repository deleted between the event and the fix', () => {
    it('skips the repository, throws nothing and makes no other write', async () => {
      // Prepare: the repository is deleted as ecr-guard's first write reaches ECR.
      await createRepository(ecr, 'deleted-meanwhile');
      fault = async (call) => {
        if (call.operation === 'PutImageTagMutability') {
          await ecr.send(
            new DeleteRepositoryCommand({ repositoryName: 'deleted-meanwhile', force: true }),
          );
        }
        return undefined;
      };

      // Act
      const outcome = await enforce(pushOf(ACCOUNT, 'deleted-meanwhile'));

      // Assess
      expect(outcome.error).toBeUndefined();
      expect(outcome.result).toMatchObject({
        outcome: 'enforced',
        repositories: [
          {
            repositoryName: 'deleted-meanwhile',
            outcome: 'skipped',
            skipReason: 'repository deleted-meanwhile no longer exists',
          },
        ],
      });
      expect(proxy.operations({ service: 'ecr' }).filter(isWriteOperation)).toEqual([
        'ecr:PutImageTagMutability',
      ]);
      expect(outcome.logs).toContainEqual(
        expect.objectContaining({ message: 'repository skipped', repository: 'deleted-meanwhile' }),
      );
    });
  });

  describe('a lifecycle policy written by its team while ecr-guard remediates', () => {
    it("ends with ecr-guard's policy: ECR has no conditional put, the team's is overwritten", async () => {
      // Prepare: the team's PutLifecyclePolicy lands between ecr-guard's read (no policy) and
      // ecr-guard's own PutLifecyclePolicy.
      await createRepository(ecr, 'team-race');
      let teamWrote = false;
      fault = async (call) => {
        if (call.operation === 'PutLifecyclePolicy' && !teamWrote) {
          teamWrote = true;
          await ecr.send(
            new PutLifecyclePolicyCommand({
              repositoryName: 'team-race',
              lifecyclePolicyText: TEAM_POLICY,
            }),
          );
        }
        return undefined;
      };

      // Act
      const outcome = await enforce(pushOf(ACCOUNT, 'team-race'));
      fault = undefined;
      const afterRace = await lifecyclePolicy('team-race');
      // The team's call raises a drift event (CloudTrail, not ecr-guard's role).
      proxy.clear();
      const drift = await enforce(teamPutLifecyclePolicy('team-race'));

      // Assess: ecr-guard reported a remediation and its policy is in place.
      expect(teamWrote).toBe(true);
      expect(outcome.result).toMatchObject({
        repositories: [
          {
            controls: [
              { status: 'remediated' },
              { status: 'remediated' },
              { status: 'remediated' },
            ],
          },
        ],
      });
      expect(afterRace).toBe(STANDARD_POLICY);
      // Assess: the drift event finds a policy (add-if-missing) and changes nothing: the team's
      // policy stays lost until the team puts it again.
      expect(drift.result).toMatchObject({
        repositories: [
          { controls: [{ status: 'compliant' }, { status: 'compliant' }, { status: 'compliant' }] },
        ],
      });
      expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
      expect(await lifecyclePolicy('team-race')).toBe(STANDARD_POLICY);
    });
  });
});
