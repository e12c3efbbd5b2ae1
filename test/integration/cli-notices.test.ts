/**
 * The CLI and notices: `--dry-run` prints the notices it would send and sends none; without
 * `--dry-run` it sends them only with `--notify`.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  ACCOUNT,
  createAlertingResources,
  drainQueue,
  TABLE_NAME,
  topicArn,
} from '../../harness/alerting-arrange.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../harness/aws-proxy.ts';
import { arrangeClient, createRepository } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { EVENT_FIXTURES_DIR } from '../../harness/fixtures.ts';
import { cliEnvironment, runCli } from '../support/run-cli.ts';

const PUSH_FILE = new URL('ecr-image-action-push-success.aws-docs.json', EVENT_FIXTURES_DIR)
  .pathname;
const REPOSITORY = 'my-repository-name';
const REGION = 'us-west-2';

describe('CLI: notices of handle and enforce (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  const ecr = arrangeClient(endpoint, REGION);
  let proxy: AwsProxy;
  let env: Record<string, string>;
  let queueUrl: string;

  beforeAll(async () => {
    proxy = await startAwsProxy({ target: endpoint });
  });

  afterAll(async () => {
    ecr.destroy();
    await proxy.close();
  });

  beforeEach(async () => {
    await resetEmulator(endpoint);
    ({ queueUrl } = await createAlertingResources(endpoint, REGION));
    await createRepository(ecr, REPOSITORY, { tags: { team: 'payments' } });
    env = {
      ...cliEnvironment(proxy.endpoint, REGION),
      ALERTS_TOPIC_ARN: topicArn(REGION),
      DEDUPE_TABLE_NAME: TABLE_NAME,
    };
    proxy.clear();
  });

  it('handle --dry-run prints the notice (team, SNS subject and attributes, Slack payload) and sends none', async () => {
    // Act
    const { code, stdout } = await runCli(['handle', PUSH_FILE, '--dry-run', '--notify'], env);

    // Assess
    expect(code).toBe(1);
    const { notices } = JSON.parse(stdout) as { notices: unknown[] };
    expect(notices).toEqual([
      expect.objectContaining({
        team: 'payments',
        outcome: 'planned',
        repositories: [REPOSITORY],
        sns: {
          subject: `ecr-guard changed ${REPOSITORY} (immutability, lifecycle, scanning)`,
          attributes: {
            kind: 'notice',
            team: 'payments',
            account: ACCOUNT,
            repository: REPOSITORY,
          },
        },
        slack: expect.objectContaining({ blocks: expect.any(Array) }),
      }),
    ]);
    expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
    expect(await drainQueue(endpoint, REGION, queueUrl)).toEqual([]);
  });

  it('handle fixes without telling anyone unless --notify is given', async () => {
    // Act
    const { code, stdout } = await runCli(['handle', PUSH_FILE], env);

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).not.toHaveProperty('notices');
    expect(await drainQueue(endpoint, REGION, queueUrl)).toEqual([]);
  });

  it('handle --notify sends the notice after the writes', async () => {
    // Act
    const { code, stdout } = await runCli(['handle', PUSH_FILE, '--notify'], env);

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(stdout).notices).toEqual([
      expect.objectContaining({ team: 'payments', outcome: 'published' }),
    ]);
    const published = await drainQueue(endpoint, REGION, queueUrl);
    expect(published).toHaveLength(1);
    expect(JSON.parse(String(published[0]?.Message))).toMatchObject({ team: 'payments' });
  });

  it('handle --notify without a topic is refused before any write', async () => {
    // Act
    const { code, stderr } = await runCli(['handle', PUSH_FILE, '--notify'], {
      ...cliEnvironment(proxy.endpoint, REGION),
    });

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('--notify needs ALERTS_TOPIC_ARN and DEDUPE_TABLE_NAME');
    expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
  });

  it('enforce --dry-run writes one notice per team to --notices-output and sends none', async () => {
    // Prepare
    await createRepository(ecr, 'search-api', { tags: { team: 'search' } });
    const file = join(await mkdtemp(join(tmpdir(), 'ecr-guard-notices-')), 'notices.json');

    // Act
    const { code, stdout, stderr } = await runCli(
      ['enforce', '--dry-run', '--format', 'json', '--notices-output', file],
      env,
    );

    // Assess: the report stays a report; the notices are in their file, summed up on stderr.
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).not.toHaveProperty('notices');
    const { notices } = JSON.parse(await readFile(file, 'utf8')) as {
      notices: { team: string; outcome: string; sns: unknown; slack: unknown }[];
    };
    expect(notices.map((n) => [n.team, n.outcome]).sort()).toEqual([
      ['payments', 'planned'],
      ['search', 'planned'],
    ]);
    expect(notices[0]).toHaveProperty('sns.attributes.kind', 'notice');
    expect(notices[0]).toHaveProperty('slack.blocks');
    expect(stderr).toContain('notice to payments planned: 1 repositories');
    expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
    expect(await drainQueue(endpoint, REGION, queueUrl)).toEqual([]);
  });
});
