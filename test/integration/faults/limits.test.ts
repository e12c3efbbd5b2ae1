/**
 * Fault suite — limits that broke silently, through the handlers on the emulator:
 * - an image with 50,000 findings: the dedupe record stays within DynamoDB's 400 KB item
 *   limit and the alert goes out (at 12,000 findings the record broke the limit, the put
 *   failed with a ValidationException and no alert was sent), then a rescan is a duplicate.
 *   moto (5.2) answers DescribeImageScanFindings of a saved result in one page whatever
 *   `maxResults` says (50,000 findings in 20 s): the proxy answers it for that image
 *   instead, in pages of `maxResults` with a `nextToken`, as the ECR API reference describes
 *   (DescribeImageScanFindings: maxResults 1–1000);
 * - a team tag written in decomposed Unicode (`Équipe` as NFD, as macOS file names and some
 *   tools write it) reaches the team's own channel, as the composed form does;
 * - an exemption until a date that does not exist (2099-02-30) is refused, the field named;
 * - events whose `resources` ARN, CloudTrail `responseElements.repository` or
 *   `userIdentity.accountId` name another account than the envelope: refused with zero AWS
 *   calls and a log line naming the field.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { EnforceRepositoryResponse } from '#functions/enforce-repository.ts';
import type { NotifySlackResponse } from '#functions/notify-slack.ts';
import type { ReportFindingsResponse } from '#functions/report-findings.ts';
import {
  ACCOUNT,
  completeScan,
  createAlertingResources,
  createWebhookSecret,
  drainQueue,
  pushImage,
  TABLE_NAME,
  topicArn,
} from '../../../harness/alerting-arrange.ts';
import {
  type AwsProxy,
  type FaultResponse,
  isWriteOperation,
  startAwsProxy,
} from '../../../harness/aws-proxy.ts';
import { basicFinding, scanFindingsResponse } from '../../../harness/aws-response-fixtures.ts';
import {
  arrangeClient,
  createRepository,
  useAwsEnvironment,
} from '../../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../../harness/emulator.ts';
import {
  loadEventFixture,
  withField,
  withoutField,
  wrapCloudTrailRecord,
} from '../../../harness/fixtures.ts';
import { lambdaContext } from '../../../harness/lambda-context.ts';
import { type SlackReceiver, startSlackReceiver } from '../../../harness/slack-receiver.ts';
import { captureLogs, type LogEntry } from '../../support/capture-logs.ts';
import { FIRST_THREE_CONTROLS_CONFIG } from '../../support/first-three-controls.ts';
import { type SnsLambdaShim, startSnsLambdaShim } from '../../support/sns-lambda-shim.ts';

const REGION = 'us-east-1';
const OTHER_ACCOUNT = '999999999999';
const SCAN = loadEventFixture('ecr-image-scan-complete-with-findings.aws-docs.json');
const PUSH = withField(
  loadEventFixture('ecr-image-action-push-success.aws-docs.json'),
  ['region'],
  REGION,
);
const CREATE = loadEventFixture('cloudtrail-record-ecr-createrepository.aws-docs.json');
/** `Équipe` composed (U+00C9) as the secret names the route, and decomposed (E + U+0301). */
const TEAM_NFC = 'Équipe'.normalize('NFC');
const TEAM_NFD = 'Équipe'.normalize('NFD');
const WEBHOOKS = {
  team: '/services/T0LIMITS/B0000001/equipeWebhookToken',
  default: '/services/T0LIMITS/B0000000/defaultWebhookToken',
};

type Handler<R> = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<R>;
interface Invocation<R> {
  result?: R;
  error?: unknown;
  logs: LogEntry[];
  calls: string[];
}

/** `count` findings like the real basic one, with distinct CVE ids. */
function findings(count: number, severity: string, prefix = 'CVE-2024'): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) =>
    basicFinding({ name: `${prefix}-${String(100_000 + i)}`, severity }),
  );
}

/**
 * A page of a DescribeImageScanFindings response, as ECR pages it: `maxResults` findings of
 * `imageScanFindings.findings` from `nextToken` on, and a `nextToken` while more remain.
 */
function scanFindingsPage(response: Record<string, unknown>, body: string): FaultResponse {
  const request = JSON.parse(body) as { maxResults?: number; nextToken?: string };
  const scan = response.imageScanFindings as Record<string, unknown> & { findings: unknown[] };
  const start = Number(request.nextToken ?? '0');
  const end = start + (request.maxResults ?? 100);
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({
      ...response,
      imageScanFindings: { ...scan, findings: scan.findings.slice(start, end) },
      ...(end < scan.findings.length ? { nextToken: String(end) } : {}),
    }),
  };
}

describe('Fault: limits that broke silently', () => {
  const endpoint = inject('awsEndpoint');
  /** Saved scan results the proxy pages itself, by image digest. */
  const pagedResults = new Map<string, Record<string, unknown>>();
  let proxy: AwsProxy;
  let slack: SlackReceiver;
  let notifier: SnsLambdaShim<NotifySlackResponse>;
  let ecr: ECRClient;
  let queueUrl: string;
  let enforceHandler: Handler<EnforceRepositoryResponse>;
  let reportHandler: Handler<ReportFindingsResponse>;
  let notifyHandler: Handler<NotifySlackResponse>;

  async function invoke<R>(
    handler: Handler<R>,
    event: unknown,
    name: string,
  ): Promise<Invocation<R>> {
    proxy.clear();
    const logs = captureLogs();
    const invocation: Invocation<R> = { logs: [], calls: [] };
    try {
      invocation.result = await handler(event, lambdaContext(name));
    } catch (error) {
      invocation.error = error;
    } finally {
      logs.restore();
    }
    invocation.logs = logs.entries();
    invocation.calls = proxy.operations();
    return invocation;
  }
  const enforce = (event: unknown) => invoke(enforceHandler, event, 'ecr-guard-enforce-repository');
  const report = (event: unknown) => invoke(reportHandler, event, 'ecr-guard-report-findings');

  async function scanEventFor(
    repository: string,
    scanFindings: Record<string, unknown>[],
    rescanOf?: string,
  ): Promise<{ digest: string; event: unknown }> {
    const digest = rescanOf ?? (await pushImage(ecr, repository, { tag: 'v1' }));
    await completeScan(endpoint, ecr, {
      region: REGION,
      repositoryName: repository,
      imageDigest: digest,
      response: scanFindingsResponse({
        repositoryName: repository,
        imageDigest: digest,
        registryId: ACCOUNT,
        findings: scanFindings,
      }),
      ...(rescanOf === undefined ? {} : { rescan: { tag: 'v1' } }),
    });
    let event = withField(SCAN, ['detail', 'repository-name'], repository);
    event = withField(event, ['detail', 'image-digest'], digest);
    event = withField(
      event,
      ['resources'],
      [`arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${repository}`],
    );
    return { digest, event };
  }

  beforeAll(async () => {
    proxy = await startAwsProxy({
      target: endpoint,
      fault: (call, { body }) => {
        if (call.operation !== 'DescribeImageScanFindings') return undefined;
        const digest = (JSON.parse(body) as { imageId?: { imageDigest?: string } }).imageId
          ?.imageDigest;
        const response = digest === undefined ? undefined : pagedResults.get(digest);
        return response === undefined ? undefined : scanFindingsPage(response, body);
      },
    });
    slack = await startSlackReceiver();
    notifier = await startSnsLambdaShim(() => notifyHandler, 'ecr-guard-notify-slack');
    useAwsEnvironment(proxy.endpoint, REGION, {
      POWERTOOLS_LOG_LEVEL: 'INFO',
      // The standard of the first three controls, whose writes and reads this file counts.
      ECR_GUARD_CONFIG: FIRST_THREE_CONTROLS_CONFIG,
      ALERTS_TOPIC_ARN: topicArn(REGION),
      DEDUPE_TABLE_NAME: TABLE_NAME,
      SLACK_WEBHOOKS_SECRET_ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:ecr-guard/slack-webhooks`,
    });
    ({ handler: enforceHandler } = (await import('#functions/enforce-repository.ts')) as {
      handler: Handler<EnforceRepositoryResponse>;
    });
    ({ handler: reportHandler } = (await import('#functions/report-findings.ts')) as {
      handler: Handler<ReportFindingsResponse>;
    });
    ({ handler: notifyHandler } = (await import('#functions/notify-slack.ts')) as {
      handler: Handler<NotifySlackResponse>;
    });
    ecr = arrangeClient(endpoint, REGION);
  });

  afterAll(async () => {
    ecr.destroy();
    await notifier.close();
    await slack.close();
    await proxy.close();
  });

  beforeEach(async () => {
    await resetEmulator(endpoint);
    ({ queueUrl } = await createAlertingResources(endpoint, REGION, {
      httpEndpoint: notifier.url,
    }));
    await createWebhookSecret(endpoint, REGION, {
      [TEAM_NFC]: `${slack.url}${WEBHOOKS.team}`,
      default: `${slack.url}${WEBHOOKS.default}`,
    });
    slack.clear();
  });

  it('alerts an image with 50,000 findings, and finds the rescan a duplicate', {
    timeout: 180_000,
  }, async () => {
    // Prepare: 40,000 findings at or above HIGH, 10,000 below.
    await createRepository(ecr, 'huge-image', { tags: { team: 'platform' } });
    const all = [
      ...findings(20_000, 'CRITICAL'),
      ...findings(20_000, 'HIGH', 'CVE-2025'),
      ...findings(10_000, 'MEDIUM', 'CVE-2023'),
    ];
    const digest = await pushImage(ecr, 'huge-image', { tag: 'v1' });
    pagedResults.set(
      digest,
      scanFindingsResponse({
        repositoryName: 'huge-image',
        imageDigest: digest,
        registryId: ACCOUNT,
        findings: all,
      }),
    );
    let event = withField(SCAN, ['detail', 'repository-name'], 'huge-image');
    event = withField(event, ['detail', 'image-digest'], digest);
    event = withField(
      event,
      ['resources'],
      [`arn:aws:ecr:${REGION}:${ACCOUNT}:repository/huge-image`],
    );

    // Act: the scan, then a rescan of the same image with the same findings.
    const first = await report(event);
    const pages = proxy.calls.filter((c) => c.operation === 'DescribeImageScanFindings').length;
    await notifier.idle();
    const again = await report(withField(event, ['id'], '5a0f1c3e-2b4d-4e6f-8a9b-0c1d2e3f4a5b'));

    // Assess
    const alerts = (await drainQueue(endpoint, REGION, queueUrl)).map(
      (n) => JSON.parse(String(n.Message)) as Record<string, unknown>,
    );
    console.info(
      `50,000 findings (${pages} pages read): ${first.result?.outcome ?? (first.error as Error).message.slice(0, 160)}; ${alerts.length} alert(s); rescan ${again.result?.outcome ?? 'failed'}`,
    );
    expect(first.error).toBeUndefined();
    expect(first.result).toMatchObject({ outcome: 'published' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ alertedCount: 40_000, newCount: 40_000 });
    expect(again.result).toMatchObject({ outcome: 'duplicate' });
  });

  it('routes a team tag in decomposed Unicode to its team’s channel, as the composed one', async () => {
    // Prepare
    await createRepository(ecr, 'nfd-team', { tags: { team: TEAM_NFD } });
    const { event } = await scanEventFor('nfd-team', [basicFinding({ severity: 'CRITICAL' })]);

    // Act
    const outcome = await report(event);
    await notifier.idle();

    // Assess
    const routes = notifier.results.flatMap((r) => r.results.map((x) => x.route));
    console.info(
      `team tag in NFD: posted to ${slack.postsTo(WEBHOOKS.team).length} team / ${slack.postsTo(WEBHOOKS.default).length} default webhook(s); route ${routes.at(-1)}`,
    );
    expect(outcome.result).toMatchObject({ outcome: 'published' });
    expect(slack.postsTo(WEBHOOKS.team)).toHaveLength(1);
    expect(slack.postsTo(WEBHOOKS.default)).toHaveLength(0);
    expect(routes.at(-1)).toBe(TEAM_NFC.toLowerCase());
  });

  it('refuses an exemption until a date that does not exist, naming the field', async () => {
    // Prepare
    await createRepository(ecr, 'bad-date', {
      tags: { 'ecr-guard:exempt': 'all', 'ecr-guard:exempt-until': '2099-02-30' },
    });

    // Act
    const outcome = await enforce(withField(PUSH, ['detail', 'repository-name'], 'bad-date'));

    // Assess
    // ECR's writes (the remediation lock's own in the table aside).
    const writes = outcome.calls.filter((c) => c.startsWith('ecr:')).filter(isWriteOperation);
    const ignored = outcome.logs.find((e) => JSON.stringify(e).includes('2099-02-30'));
    console.info(
      `exemption until 2099-02-30: ${writes.length} write(s); logged: ${String(ignored?.message)} ${JSON.stringify(ignored?.ignoredExemptions ?? ignored?.reason ?? '')}`,
    );
    expect(outcome.result).toMatchObject({
      repositories: [
        {
          controls: [{ status: 'remediated' }, { status: 'remediated' }, { status: 'remediated' }],
          ignoredExemptions: [
            {
              source: 'tag',
              reason: expect.stringMatching(
                /ecr-guard:exempt-until.*2099-02-30.*(does not exist|not a date)/,
              ),
            },
          ],
        },
      ],
    });
    expect(writes).toHaveLength(3);
  });

  describe('events naming another account than their envelope', () => {
    const create = (record: unknown) =>
      wrapCloudTrailRecord(withField(record, ['awsRegion'], REGION));

    it.each<[string, () => unknown, 'enforce' | 'report', string]>([
      [
        'a push whose resources ARN is in another account',
        () =>
          withField(
            withField(PUSH, ['detail', 'repository-name'], 'app'),
            ['resources'],
            [`arn:aws:ecr:${REGION}:${OTHER_ACCOUNT}:repository/app`],
          ),
        'enforce',
        'resources[0]',
      ],
      [
        'a scan whose resources ARN is in another account',
        () =>
          withField(
            SCAN,
            ['resources'],
            [`arn:aws:ecr:${REGION}:${OTHER_ACCOUNT}:repository/my-repository-name`],
          ),
        'report',
        'resources[0]',
      ],
      [
        'a CreateRepository whose responseElements.repository is another registry’s',
        () =>
          create(
            withField(CREATE, ['responseElements', 'repository', 'registryId'], OTHER_ACCOUNT),
          ),
        'enforce',
        'detail.responseElements.repository.registryId',
      ],
      [
        'a CreateRepository whose responseElements.repository ARN is in another account',
        () =>
          create(
            withField(
              CREATE,
              ['responseElements', 'repository', 'repositoryArn'],
              `arn:aws:ecr:${REGION}:${OTHER_ACCOUNT}:repository/testrepo`,
            ),
          ),
        'enforce',
        'detail.responseElements.repository.repositoryArn',
      ],
      [
        'a CreateRepository by another account’s identity, with no recipient account',
        () =>
          withoutField(create(withField(CREATE, ['userIdentity', 'accountId'], OTHER_ACCOUNT)), [
            'detail',
            'recipientAccountId',
          ]),
        'enforce',
        'detail.userIdentity.accountId',
      ],
    ])('%s: refused, with zero AWS calls and the field named', async (_what, event, fn, field) => {
      // Prepare
      await createRepository(ecr, fn === 'enforce' ? 'app' : 'my-repository-name');
      await createRepository(ecr, 'testrepo');

      // Act
      const outcome = fn === 'enforce' ? await enforce(event()) : await report(event());

      // Assess
      const dropped = outcome.logs.find((e) => e.message === 'invalid event dropped');
      console.info(
        `${_what}: outcome ${(outcome.result as { outcome?: string } | undefined)?.outcome}, ${outcome.calls.length} AWS call(s)${dropped === undefined ? '' : `, logged: ${String(dropped.reason)}`}`,
      );
      expect(outcome.error).toBeUndefined();
      expect(outcome.result).toMatchObject({ outcome: 'rejected' });
      expect(outcome.calls).toEqual([]);
      expect(String(dropped?.reason)).toContain(field);
      expect(String(dropped?.reason)).toContain(OTHER_ACCOUNT);
    });

    it('acts on a CreateRepository by another account’s identity that CloudTrail recorded in this one', async () => {
      // Prepare: a cross-account call (CloudTrail: recipientAccountId is the resource's account).
      await createRepository(ecr, 'testrepo');
      const event = create(withField(CREATE, ['userIdentity', 'accountId'], OTHER_ACCOUNT));

      // Act
      const outcome = await enforce(event);

      // Assess
      expect(outcome.result).toMatchObject({ outcome: 'enforced' });
    });
  });
});
