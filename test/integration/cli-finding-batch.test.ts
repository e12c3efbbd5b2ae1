/**
 * `ecr-guard handle` with Inspector2 Finding events (continuous scanning), on the emulator:
 * one real sample, and a storm of a dozen images of two teams as a batch.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type SlackMessage, slackLimitViolations } from '#lib/slack/index.ts';
import type { CliIo } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';
import { createAlertingResources, drainQueue } from '../../harness/alerting-arrange.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../harness/aws-proxy.ts';
import { arrangeClient, createRepository, useAwsEnvironment } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { STORM_CVE, STORM_REGION, stormEvent, stormImages } from '../../harness/finding-storm.ts';
import { loadEventFixture } from '../../harness/fixtures.ts';

const SAMPLE = loadEventFixture(
  'inspector2-finding-ecr-package-vulnerability-openssl.aws-inspector-docs.json',
);

interface Printed {
  messages: {
    kind: string;
    team: string;
    sns: { subject: string; attributes: Record<string, string> };
    slack: SlackMessage;
  }[];
  skipped: unknown[];
}

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

describe('Command: handle, with finding events (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  const ecr = arrangeClient(endpoint, STORM_REGION);
  let proxy: AwsProxy;
  let config: string;
  let queueUrl: string;

  beforeAll(async () => {
    await resetEmulator(endpoint);
    proxy = await startAwsProxy({ target: endpoint });
    useAwsEnvironment(proxy.endpoint, STORM_REGION);
    const dir = mkdtempSync(join(tmpdir(), 'ecr-guard-cli-findings-'));
    // The samples are MEDIUM: the standard alerts from MEDIUM up.
    config = join(dir, 'ecr-guard.yml');
    writeFileSync(config, 'alerts:\n  minSeverity: MEDIUM\n');
    await createRepository(ecr, 'inspector2', { tags: { team: 'platform' } });
    for (const image of stormImages(12, ['checkout', 'search'])) {
      await createRepository(ecr, image.repositoryName, { tags: { team: image.team } });
    }
    ({ queueUrl } = await createAlertingResources(endpoint, STORM_REGION));
  }, 60_000);

  afterAll(async () => {
    ecr.destroy();
    await proxy.close();
  });

  it('prints, with --dry-run, the alert of the real sample naming its CVE, and writes nothing', async () => {
    // Prepare
    const cli = io(JSON.stringify(SAMPLE), { ...process.env } as Record<string, string>);
    proxy.clear();

    // Act
    const code = await main(['handle', '-', '--dry-run', '--config', config], cli);

    // Assess
    expect(code).toBe(1);
    const printed = JSON.parse(cli.out.join('')) as Printed;
    expect(printed.messages).toHaveLength(1);
    const [message] = printed.messages;
    expect(message).toMatchObject({ kind: 'new', team: 'platform' });
    expect(message?.sns.attributes.kind).toBe('new');
    expect(JSON.stringify(message?.slack)).toContain(STORM_CVE);
    expect(slackLimitViolations(message?.slack ?? { text: '', blocks: [] })).toEqual([]);
    expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
  });

  it('turns a storm of one CVE on a dozen images of two teams into one message per team, and sends it without --dry-run', async () => {
    // Prepare
    const storm = stormImages(12, ['checkout', 'search']).map((image) => stormEvent(image));
    const env = {
      ...process.env,
      ALERTS_TOPIC_ARN: `arn:aws:sns:${STORM_REGION}:123456789012:ecr-guard-alerts`,
      DEDUPE_TABLE_NAME: 'ecr-guard-alert-dedupe',
    } as Record<string, string>;

    // Act
    const planned = io(JSON.stringify(storm), env);
    await main(['handle', '-', '--dry-run', '--config', config], planned);
    const sent = io(JSON.stringify(storm), env);
    const code = await main(['handle', '-', '--config', config], sent);
    const again = io(JSON.stringify(storm), env);
    await main(['handle', '-', '--config', config], again);

    // Assess
    const plan = JSON.parse(planned.out.join('')) as Printed;
    expect(plan.messages.map((m) => [m.kind, m.team])).toEqual([
      ['grouped', 'checkout'],
      ['grouped', 'search'],
    ]);
    for (const m of plan.messages) expect(m.sns.subject).toContain(`${STORM_CVE} on 6 images`);
    expect(code).toBe(1);
    expect((JSON.parse(sent.out.join('')) as Printed).messages).toHaveLength(2);
    expect((JSON.parse(again.out.join('')) as Printed).messages).toEqual([]);
    expect(await drainQueue(endpoint, STORM_REGION, queueUrl)).toHaveLength(2);
  });
});
