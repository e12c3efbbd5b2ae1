import { describe, expect, it } from 'vitest';
import { type SlackMessage, slackLimitViolations } from '#lib/slack/index.ts';
import type { CliIo } from '../../../cli/io.ts';
import { main } from '../../../cli/main.ts';
import {
  AWS_RESPONSE_FIXTURES_DIR,
  BASIC_SCAN_FINDINGS,
  ENHANCED_SCAN_FINDINGS,
} from '../../../harness/aws-response-fixtures.ts';
import { EVENT_FIXTURES_DIR } from '../../../harness/fixtures.ts';

const SCAN_EVENT = new URL(
  'ecr-image-scan-complete-with-findings.aws-docs.json',
  EVENT_FIXTURES_DIR,
).pathname;
const ENHANCED = new URL(ENHANCED_SCAN_FINDINGS, AWS_RESPONSE_FIXTURES_DIR).pathname;
const BASIC = new URL(BASIC_SCAN_FINDINGS, AWS_RESPONSE_FIXTURES_DIR).pathname;

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readStdin: async () => '',
    // No AWS at all: any call would fail on these.
    env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1' },
  };
}

describe('Command: render-alert', () => {
  it('prints the alert, the SNS message and the Slack message from saved findings', async () => {
    // Prepare
    const cli = io();

    // Act
    const code = await main(
      ['render-alert', SCAN_EVENT, '--findings', ENHANCED, '--team', 'payments'],
      cli,
    );

    // Assess
    expect(cli.err).toEqual([]);
    expect(code).toBe(1);
    const { result } = JSON.parse(cli.out.join('')) as {
      result: {
        outcome: string;
        alert: { team: string };
        sns: { subject: string; attributes: object; body: string };
        slack: SlackMessage;
      };
    };
    expect(result.outcome).toBe('planned');
    expect(result.alert.team).toBe('payments');
    expect(result.sns.subject).toBe('[HIGH] my-repository-name@sha256:7f5b2640fe6f - 1 high');
    expect(result.sns.attributes).toEqual({
      kind: 'new',
      severity: 'HIGH',
      account: '123456789012',
      repository: 'my-repository-name',
      team: 'payments',
    });
    expect(JSON.parse(result.sns.body)).toEqual(result.alert);
    expect(slackLimitViolations(result.slack)).toEqual([]);
  });

  it('says there is nothing to alert when no finding reaches the threshold', async () => {
    // Prepare
    const cli = io();

    // Act (the basic sample's only finding is MEDIUM)
    const code = await main(['render-alert', SCAN_EVENT, '--findings', BASIC], cli);

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(cli.out.join('')).result).toMatchObject({ outcome: 'nothing-to-alert' });
  });

  it('needs --findings', async () => {
    // Prepare
    const cli = io();

    // Act
    const code = await main(['render-alert', SCAN_EVENT], cli);

    // Assess
    expect(code).toBe(2);
    expect(cli.err.join('')).toContain('render-alert needs --findings');
  });
});
