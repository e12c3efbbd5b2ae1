/**
 * `ecr-guard handle` with scan events, on the emulator: the same path as report-findings, and
 * a dry run that reads the findings but writes and publishes nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { type SlackMessage, slackLimitViolations } from '#lib/slack/index.ts';
import type { CliIo } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';
import {
  ACCOUNT,
  completeScan,
  createAlertingResources,
  drainQueue,
  pushImage,
  TABLE_NAME,
  topicArn,
} from '../../harness/alerting-arrange.ts';
import { type AwsProxy, startAwsProxy } from '../../harness/aws-proxy.ts';
import { basicFinding, scanFindingsResponse } from '../../harness/aws-response-fixtures.ts';
import { arrangeClient, createRepository, useAwsEnvironment } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { loadEventFixture, withField } from '../../harness/fixtures.ts';

const REGION = 'us-east-1';
const REPOSITORY = 'my-repository-name';
const SCAN_SAMPLE = loadEventFixture('ecr-image-scan-complete-with-findings.aws-docs.json');

function io(stdin: string, env: Record<string, string>): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readStdin: async () => stdin,
    env,
  };
}

describe('Command: handle, with scan events (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  const ecr = arrangeClient(endpoint, REGION);
  let proxy: AwsProxy;
  let queueUrl: string;
  let event: string;

  beforeAll(async () => {
    proxy = await startAwsProxy({ target: endpoint });
    // The CLI's SDK clients read the endpoint and credentials from the process environment.
    useAwsEnvironment(proxy.endpoint, REGION);
  });

  afterAll(async () => {
    ecr.destroy();
    await proxy.close();
  });

  beforeEach(async () => {
    await resetEmulator(endpoint);
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
      }),
    });
    ({ queueUrl } = await createAlertingResources(endpoint, REGION));
    event = JSON.stringify(
      withField(
        withField(SCAN_SAMPLE, ['detail', 'image-digest'], digest),
        ['detail', 'image-tags'],
        ['v1'],
      ),
    );
    proxy.clear();
  });

  it('--dry-run prints the alert, the SNS message and the Slack payload, and writes nothing', async () => {
    // Prepare
    const cli = io(event, { AWS_REGION: REGION });

    // Act
    const code = await main(['handle', '-', '--dry-run'], cli);

    // Assess
    expect(cli.err).toEqual([]);
    expect(code).toBe(1);
    const { dryRun, result } = JSON.parse(cli.out.join('')) as {
      dryRun: boolean;
      result: {
        outcome: string;
        alert: { team: string };
        sns: { subject: string; attributes: Record<string, string>; body: string };
        slack: SlackMessage;
      };
    };
    expect(dryRun).toBe(true);
    expect(result).toMatchObject({
      outcome: 'planned',
      alert: { team: 'payments', findings: [{ id: 'CVE-2019-5188', severity: 'CRITICAL' }] },
      sns: {
        subject: `[CRITICAL] ${REPOSITORY}:v1 - 1 critical`,
        attributes: { team: 'payments', severity: 'CRITICAL' },
      },
    });
    expect(JSON.parse(result.sns.body)).toEqual(result.alert);
    expect(slackLimitViolations(result.slack)).toEqual([]);
    // Reads only; who the caller is tells whether the event's account needs its member role.
    expect(proxy.operations().sort()).toEqual([
      'ecr:DescribeImageScanFindings',
      'ecr:ListTagsForResource',
      'sts:GetCallerIdentity',
    ]);
    expect(await drainQueue(endpoint, REGION, queueUrl)).toEqual([]);
  });

  it('publishes once, as the Lambda would, without --dry-run', async () => {
    // Prepare
    const env = {
      AWS_REGION: REGION,
      ALERTS_TOPIC_ARN: topicArn(REGION),
      DEDUPE_TABLE_NAME: TABLE_NAME,
    };

    // Act
    const first = await main(['handle', '-'], io(event, env));
    const second = io(event, env);
    await main(['handle', '-'], second);

    // Assess
    expect(first).toBe(1);
    expect(JSON.parse(second.out.join('')).result).toMatchObject({ outcome: 'duplicate' });
    expect(await drainQueue(endpoint, REGION, queueUrl)).toHaveLength(1);
  });

  it('names the missing variable when publishing is asked without a topic', async () => {
    // Prepare
    const cli = io(event, { AWS_REGION: REGION });

    // Act
    const code = await main(['handle', '-'], cli);

    // Assess
    expect(code).toBe(2);
    expect(cli.err.join('')).toContain(
      'ALERTS_TOPIC_ARN is not set (or use --dry-run to publish nothing)',
    );
    expect(proxy.operations()).toEqual([]);
  });
});
