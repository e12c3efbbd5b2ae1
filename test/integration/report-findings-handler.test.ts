/**
 * report-findings through its Lambda handler, on the emulator: real ECR scan results, the
 * alerts topic delivering to SQS and HTTP subscribers, the dedupe table.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { ReportFindingsResponse } from '#functions/report-findings.ts';
import { type Alert, AlertSchema, decodeStoredEntries, findingHash } from '#lib/alerts/index.ts';
import {
  ACCOUNT,
  completeScan,
  createAlertingResources,
  drainQueue,
  type NotificationReceiver,
  pushImage,
  queueInspectorFindings,
  startNotificationReceiver,
  TABLE_NAME,
  topicArn,
} from '../../harness/alerting-arrange.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../harness/aws-proxy.ts';
import {
  basicFinding,
  enhancedFinding,
  scanFindingsResponse,
  withEpochTimestamps,
} from '../../harness/aws-response-fixtures.ts';
import {
  arrangeClient,
  createRepository,
  TEST_CREDENTIALS,
  useAwsEnvironment,
} from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { loadEventFixture, withField } from '../../harness/fixtures.ts';
import { lambdaContext } from '../../harness/lambda-context.ts';

// The real basic scan sample: account 123456789012 (moto's default), us-east-1.
const SCAN_SAMPLE = loadEventFixture('ecr-image-scan-complete-with-findings.aws-docs.json');
const INSPECTOR_SAMPLE = loadEventFixture(
  'inspector2-scan-ecr-initial-scan-complete.aws-ecr-docs.json',
);
const REGION = 'us-east-1';
const REPOSITORY = 'my-repository-name';
const TAG = 'v1.2.3';

type Handler = (
  event: unknown,
  context: ReturnType<typeof lambdaContext>,
) => Promise<ReportFindingsResponse>;

/** The sample event, about the image pushed in the test. */
function scanEvent(
  digest: string,
  counts: Record<string, number> = { CRITICAL: 1, HIGH: 1 },
): unknown {
  let event = withField(SCAN_SAMPLE, ['detail', 'image-digest'], digest);
  event = withField(event, ['detail', 'image-tags'], [TAG]);
  return withField(event, ['detail', 'finding-severity-counts'], counts);
}

/** Two findings at or above HIGH: the real enhanced finding, and the real basic one rated CRITICAL. */
function firstScanResponse(digest: string): Record<string, unknown> {
  return scanFindingsResponse({
    repositoryName: REPOSITORY,
    imageDigest: digest,
    registryId: ACCOUNT,
    findings: [basicFinding({ severity: 'CRITICAL' })],
    enhancedFindings: [enhancedFinding()],
  });
}

function alertsIn(notifications: Record<string, unknown>[]): Alert[] {
  return notifications.map((n) => AlertSchema.parse(JSON.parse(String(n.Message))));
}

describe('Function: report-findings (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let http: NotificationReceiver;
  let ecr: ECRClient;
  let handler: Handler;
  let queueUrl: string;
  let digest: string;
  const invoke = (event: unknown): Promise<ReportFindingsResponse> =>
    handler(event, lambdaContext('ecr-guard-report-findings'));

  beforeAll(async () => {
    proxy = await startAwsProxy({ target: endpoint });
    http = await startNotificationReceiver();
    // The handler builds its clients and reads its configuration from the environment.
    useAwsEnvironment(proxy.endpoint, REGION, {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ALERTS_TOPIC_ARN: topicArn(REGION),
      DEDUPE_TABLE_NAME: TABLE_NAME,
    });
    ({ handler } = (await import('#functions/report-findings.ts')) as { handler: Handler });
    ecr = arrangeClient(endpoint, REGION);
  });

  afterAll(async () => {
    ecr.destroy();
    await http.close();
    await proxy.close();
  });

  beforeEach(async () => {
    await resetEmulator(endpoint);
    http.notifications.length = 0;
    await createRepository(ecr, REPOSITORY, { tags: { team: 'payments' } });
    digest = await pushImage(ecr, REPOSITORY, { tag: TAG });
    ({ queueUrl } = await createAlertingResources(endpoint, REGION, { httpEndpoint: http.url }));
    proxy.clear();
  });

  it('publishes one alert, recorded in the dedupe table, to SQS and HTTP subscribers', async () => {
    // Prepare
    await completeScan(endpoint, ecr, {
      region: REGION,
      repositoryName: REPOSITORY,
      imageDigest: digest,
      response: firstScanResponse(digest),
    });

    // Act
    const response = await invoke(scanEvent(digest));

    // Assess
    expect(response).toMatchObject({ outcome: 'published', messageId: expect.any(String) });
    const queued = await drainQueue(endpoint, REGION, queueUrl);
    expect(queued).toHaveLength(1);
    expect(http.notifications).toHaveLength(1);
    const [alert] = alertsIn(queued);
    expect(alert).toMatchObject({
      kind: 'new',
      team: 'payments',
      severity: 'CRITICAL',
      repository: { name: REPOSITORY },
      image: { digest, tags: [TAG], pushedAt: '2025-05-27T17:53:50.554Z' },
      alertedCount: 2,
      findings: [
        { id: 'CVE-2019-5188', severity: 'CRITICAL', packageName: 'e2fsprogs', new: true },
        { id: 'CVE-2022-49043', severity: 'HIGH', packageName: 'libxml2', score: 8.1, new: true },
      ],
    });
    expect(queued[0]).toMatchObject({
      Subject: `[CRITICAL] ${REPOSITORY}:${TAG} - 1 critical, 1 high`,
      MessageAttributes: {
        severity: { Type: 'String', Value: 'CRITICAL' },
        account: { Type: 'String', Value: ACCOUNT },
        repository: { Type: 'String', Value: REPOSITORY },
        team: { Type: 'String', Value: 'payments' },
      },
    });
    expect(alertsIn(http.notifications)).toEqual([alert]);

    const dynamodb = new DynamoDBClient({
      endpoint,
      region: REGION,
      credentials: TEST_CREDENTIALS,
    });
    const { Item } = await dynamodb.send(
      new GetItemCommand({
        TableName: TABLE_NAME,
        Key: { pk: { S: `${ACCOUNT}/${REGION}/${REPOSITORY}@${digest}` } },
      }),
    );
    dynamodb.destroy();
    // Confirmed delivered: the findings alerted (hashed, bounded), no lease left.
    expect(Item).toMatchObject({
      fingerprint: { S: alert?.fingerprint },
      generation: { N: '1' },
      expiresAt: { N: expect.any(String) },
    });
    expect(Item?.lease).toBeUndefined();
    expect(decodeStoredEntries(Item?.alerted?.B ?? new Uint8Array())).toEqual(
      new Map([
        [findingHash('CVE-2019-5188 e2fsprogs'), 'CRITICAL'],
        [findingHash('CVE-2022-49043 libxml2'), 'HIGH'],
      ]),
    );
    expect(alert).toMatchObject({ generation: 1 });
    expect(Number(Item?.expiresAt?.N) - Date.now() / 1000).toBeGreaterThan(7 * 86_400 - 60);
  });

  it('publishes once for the same event delivered three times, then three times at once', async () => {
    // Prepare
    await completeScan(endpoint, ecr, {
      region: REGION,
      repositoryName: REPOSITORY,
      imageDigest: digest,
      response: firstScanResponse(digest),
    });
    const event = scanEvent(digest);

    // Act
    const sequential = [await invoke(event), await invoke(event), await invoke(event)];
    const concurrent = await Promise.all([invoke(event), invoke(event), invoke(event)]);

    // Assess
    expect(sequential.map((r) => r.outcome)).toEqual(['published', 'duplicate', 'duplicate']);
    expect(concurrent.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await drainQueue(endpoint, REGION, queueUrl)).toHaveLength(1);
    expect(http.notifications).toHaveLength(1);
  });

  it('publishes once when the first three deliveries arrive at once', async () => {
    // Prepare
    await completeScan(endpoint, ecr, {
      region: REGION,
      repositoryName: REPOSITORY,
      imageDigest: digest,
      response: firstScanResponse(digest),
    });
    const event = scanEvent(digest);

    // Act
    const outcomes = (await Promise.all([invoke(event), invoke(event), invoke(event)])).map(
      (r) => r.outcome,
    );

    // Assess
    expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'published']);
    expect(await drainQueue(endpoint, REGION, queueUrl)).toHaveLength(1);
  });

  it('publishes one update naming the finding a re-scan added', async () => {
    // Prepare
    await completeScan(endpoint, ecr, {
      region: REGION,
      repositoryName: REPOSITORY,
      imageDigest: digest,
      response: firstScanResponse(digest),
    });
    await invoke(scanEvent(digest));
    await drainQueue(endpoint, REGION, queueUrl);
    const extra = basicFinding({ name: 'CVE-2020-8177', severity: 'HIGH' });
    const rescan = firstScanResponse(digest) as { imageScanFindings: { findings: unknown[] } };
    rescan.imageScanFindings.findings.push(extra);
    await completeScan(endpoint, ecr, {
      region: REGION,
      repositoryName: REPOSITORY,
      imageDigest: digest,
      response: rescan,
      rescan: { tag: TAG },
    });

    // Act
    const first = await invoke(scanEvent(digest));
    const again = await invoke(scanEvent(digest));

    // Assess
    expect([first.outcome, again.outcome]).toEqual(['published', 'duplicate']);
    const queued = await drainQueue(endpoint, REGION, queueUrl);
    expect(queued).toHaveLength(1);
    const [update] = alertsIn(queued);
    expect(update).toMatchObject({
      kind: 'update',
      newCount: 1,
      alertedCount: 3,
      severity: 'HIGH',
    });
    expect(update?.findings[0]).toMatchObject({ id: 'CVE-2020-8177', new: true });
    expect(update?.findings.slice(1).every((f) => !f.new)).toBe(true);
    expect(queued[0]?.Subject).toBe(
      `[HIGH] ${REPOSITORY}:${TAG} - 1 new: CVE-2020-8177 (1 critical, 2 high)`,
    );
  });

  it('makes no AWS call at all for a clean scan', async () => {
    // Act
    const response = await invoke(scanEvent(digest, {}));

    // Assess
    expect(response).toEqual({ outcome: 'below-threshold' });
    expect(proxy.operations()).toEqual([]);
    expect(http.notifications).toEqual([]);
  });

  it('reads three AWS APIs and writes only the dedupe record and the message for an alert', async () => {
    // Prepare
    await completeScan(endpoint, ecr, {
      region: REGION,
      repositoryName: REPOSITORY,
      imageDigest: digest,
      response: firstScanResponse(digest),
    });
    proxy.clear();

    // Act
    await invoke(scanEvent(digest));
    const alerted = proxy.operations();
    proxy.clear();
    await invoke(scanEvent(digest));
    const duplicate = proxy.operations();

    // Assess
    // The claim, then the confirm once published.
    expect([...alerted].sort()).toEqual([
      'dynamodb:PutItem',
      'dynamodb:PutItem',
      'ecr:DescribeImageScanFindings',
      'ecr:ListTagsForResource',
      'sns:Publish',
    ]);
    expect([...duplicate].sort()).toEqual([
      'dynamodb:PutItem',
      'ecr:DescribeImageScanFindings',
      'ecr:ListTagsForResource',
    ]);
    expect(duplicate.filter(isWriteOperation)).toEqual(['dynamodb:PutItem']);
  });

  it('reports a scan with findings below the threshold without publishing', async () => {
    // Prepare: the real basic response, whose only finding is MEDIUM (the event says HIGH)
    await completeScan(endpoint, ecr, {
      region: REGION,
      repositoryName: REPOSITORY,
      imageDigest: digest,
      response: scanFindingsResponse({
        repositoryName: REPOSITORY,
        imageDigest: digest,
        findings: [basicFinding()],
      }),
    });

    // Act
    const response = await invoke(scanEvent(digest));

    // Assess
    expect(response).toEqual({ outcome: 'nothing-to-alert' });
    expect(await drainQueue(endpoint, REGION, queueUrl)).toEqual([]);
  });

  it('reports an image without a scan as such', async () => {
    // Act (no StartImageScan: moto answers ScanNotFoundException)
    const response = await invoke(scanEvent(digest));

    // Assess
    expect(response).toEqual({ outcome: 'scan-not-complete' });
    expect(http.notifications).toEqual([]);
  });

  it('alerts from Inspector findings for an enhanced scan event', async () => {
    // Prepare: the real Inspector2 Scan sample, about the test's image
    let event = withField(INSPECTOR_SAMPLE, ['region'], REGION);
    event = withField(
      event,
      ['detail', 'repository-name'],
      `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${REPOSITORY}`,
    );
    event = withField(event, ['detail', 'image-digest'], digest);
    await queueInspectorFindings(endpoint, REGION, [
      [withEpochTimestamps(enhancedFinding()) as Record<string, unknown>],
    ]);

    // Act
    const response = await invoke(event);

    // Assess
    expect(response.outcome).toBe('published');
    // The proxy names REST-JSON calls by route: POST /findings/list is ListFindings.
    expect(proxy.operations({ service: 'inspector2' })).toEqual(['inspector2:POST /findings/list']);
    const [alert] = alertsIn(await drainQueue(endpoint, REGION, queueUrl));
    expect(alert).toMatchObject({
      scanner: 'enhanced',
      team: 'payments',
      findings: [{ id: 'CVE-2022-49043' }],
    });
  });

  it('drops an invalid event without any call', async () => {
    // Act
    const response = await invoke(
      withField(SCAN_SAMPLE, ['detail', 'image-digest'], 'not-a-digest'),
    );

    // Assess
    expect(response).toMatchObject({ outcome: 'rejected' });
    expect(proxy.operations()).toEqual([]);
  });
});
