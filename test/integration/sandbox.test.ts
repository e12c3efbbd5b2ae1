/**
 * `npm start`, the local sandbox, run in this process against the integration project's
 * emulator (reset first): it packages the service, creates what the template declares, and
 * tells the scenario through the real handlers. Each test reads one part of the story it
 * told; the run must end with exit code 0, which it only does when every step happened.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetEmulator } from '../../harness/emulator.ts';
import { parseSandboxArguments } from '../../sandbox/cli.ts';
import { runSandbox, type SandboxRun } from '../../sandbox/run-sandbox.ts';

const BIN = new URL('../../bin/ecr-guard.js', import.meta.url).pathname;

/** The lines of one numbered step of the story, up to the next one. */
function step(output: string, number: number): string {
  const start = output.indexOf(`\n${number}. `);
  const end = output.indexOf(`\n${number + 1}. `, start + 1);
  return start === -1 ? '' : output.slice(start, end === -1 ? undefined : end);
}

describe('Sandbox: npm start, in process on the emulator', () => {
  const endpoint = inject('awsEndpoint');
  let reportDir: string;
  let output = '';
  let run: SandboxRun;

  beforeAll(async () => {
    await resetEmulator(endpoint);
    reportDir = mkdtempSync(join(tmpdir(), 'ecr-guard-sandbox-test-'));
    run = await runSandbox({
      endpoint,
      reportDir,
      color: false,
      // As `npm start -- --keep`, stopped as soon as it has said how to use what it keeps.
      keep: true,
      untilStopped: Promise.resolve(),
      write: (text) => {
        output += text;
      },
    });
  }, 180_000);

  afterAll(() => {
    rmSync(reportDir, { recursive: true, force: true });
  });

  it('exits 0, every step having happened as told', () => {
    expect(run.exitCode, output).toBe(0);
    expect(output).toContain('every step happened as told');
  });

  it('remediates the repository a team creates, on the CloudTrail event the central bus routed', () => {
    const created = step(output, 1);
    expect(created).toContain(
      '⇢ rule ecr-guard-sandbox-org-repository-api-calls on bus ecr-guard → enforce-repository',
    );
    expect(created).toContain('222222222222 us-east-1 payments/api (team payments)');
    expect(created).toContain(
      '✓ immutability remediated: image tags are MUTABLE: a pushed tag can be overwritten',
    );
    expect(created).toContain('→ PutImageTagMutability IMMUTABLE_WITH_EXCLUSION');
    expect(created).toContain('✓ lifecycle remediated: the repository has no lifecycle policy');
    expect(created).toContain('✓ scanning remediated: images are not scanned on push');
  });

  it('writes nothing on the push to the repository it just fixed', () => {
    const pushed = step(output, 2);
    expect(pushed).toContain(
      '✓ immutability, lifecycle, scanning, repository-policy, encryption, tag-strategy: compliant',
    );
    // The name is the checklist's finding: report only, a repository cannot be renamed.
    expect(pushed).toContain('✗ naming violation: "payments/api" does not follow naming.pattern');
    expect(pushed).toMatch(/AWS calls: \d reads? \([^)]*\), no write/);
  });

  it('renders the Slack message the stand-in received, as Slack lays it out', () => {
    const scanned = step(output, 3);
    expect(scanned).toContain('⇢ SNS topic ecr-guard-sandbox-alerts → notify-slack');
    expect(scanned).toContain(
      '┌ Slack, as posted to the webhook /services/T0SANDBOX/B0PAYMENTS/sandboxpaymentswebhook0001',
    );
    expect(scanned).toContain('│ 🔴 CRITICAL in payments/api:v1.4.0');
    expect(scanned).toMatch(/│ Team {2,}Account\n\s*│ payments {2,}222222222222/);
    expect(scanned).toContain('CVE-2019-5188');
    expect(scanned).toContain('CVE-2022-49043');
    expect(scanned).toContain('│ [ Open image ]  [ All vulnerabilities ]  [ Repository ]');
  });

  it('posts the alert once, though the scan event arrived twice', () => {
    const scanned = step(output, 3);
    expect(scanned.match(/┌ Slack/g)).toHaveLength(1);
    expect(scanned).toContain('already alerted with these findings');
  });

  it('puts back a lifecycle policy someone deleted, and ignores its own fix', () => {
    const drift = step(output, 4);
    expect(drift).toContain(
      '⇢ rule ecr-guard-sandbox-own-repository-api-calls on bus default → enforce-repository',
    );
    expect(drift).toContain('✓ lifecycle remediated: the repository has no lifecycle policy');
    expect(drift).toContain('no rule matched: no function was invoked');
    expect(drift).toContain('leaves out ecr-guard’s own roles by their exact ARN');
  });

  it('sweeps both accounts: schedule → sweep → SQS → sweep-worker', () => {
    const swept = step(output, 5);
    expect(swept).toContain('! exemption not applied: tag ecr-guard:exempt=immutability until');
    expect(swept).toContain('sweep-worker');
    // A repository is counted by its worst control: naming (report only) leaves the fixed ones
    // non-compliant; the writes are what was fixed.
    expect(swept).toContain('swept 123456789012 us-east-1: 4 repositories, 0 remediated, 1 exempt');
    expect(swept).toContain('swept 222222222222 us-east-1: 3 repositories');
    expect(swept).toMatch(/ecr:PutImageTagMutability ×2/);
  });

  it('previews the lifecycle policy, refuses it while it would expire an image in use, attaches it once not', () => {
    const lifecycle = step(output, 6);
    expect(lifecycle).toMatch(
      /expire build-2 .* IN USE by ecs-service arn:aws:ecs:us-east-1:123456789012:service\/prod\/payments-worker/,
    );
    expect(lifecycle).toContain('2 of 12 images would expire');
    expect(lifecycle).toMatch(/lifecycle (violation|not compliant).*not remediated.*build-2/);
    expect(lifecycle).toContain('✓ lifecycle remediated: the repository has no lifecycle policy');
  });

  it('plays a storm: one CVE on a dozen images of two teams reaches Slack as one message per team', () => {
    const storm = step(output, 7);
    expect(storm).toContain(
      'SQS queue ecr-guard-sandbox-finding-events (batch of 12) → report-findings',
    );
    expect(storm).toContain('HIGH: CVE-2024-6119 on 6 images of checkout');
    expect(storm).toContain('HIGH: CVE-2024-6119 on 6 images of search');
    expect(storm.match(/posted to Slack/g)).toHaveLength(2);
  });

  it('ends with the audit table: what ecr-guard fixes is fixed, the checklist’s report-only findings left (exit 1)', () => {
    const audit = step(output, 8);
    expect(audit).toMatch(/123456789012 +1 +0 +5 +0 +1 +4 +0 +0 +0 +20%/);
    // The member's 3 repositories, and the 12 of the storm (step 7): fixed, names not by convention.
    expect(audit).toMatch(/222222222222 +1 +0 +15 +0 +0 +15 +0 +0 +0 +0%/);
    // Every control, with its level and whether ecr-guard can fix it.
    expect(audit).toMatch(/^ +immutability +repository +fixable +19 +1 +0 /m);
    expect(audit).toMatch(/^ +naming +repository +report only +1 +1 +18 /m);
    expect(audit).toMatch(/^ +repository-policy +repository +fixable +19 +0 +1 /m);
    expect(audit).toMatch(/^ +creation-templates +registry +fixable +0 +0 +2 /m);
    expect(audit).toMatch(/^ +vpc-endpoints +registry +report only /m);
    expect(audit).toContain(
      '4 registry results are not compliant (creation-templates, registry-scanning). (exit 1)',
    );
    expect(audit).toContain(
      'immutability, lifecycle and scanning are compliant or exempt everywhere; left for the teams (report only, exit 1): naming, tag-strategy, repository-policy, creation-templates, registry-scanning',
    );
    // The functions' events DLQs and failure queues, notify-slack's delivery DLQ, the sweep
    // jobs' DLQ and the daily schedule's DLQ; the work queues (sweep jobs, handed-back alerts)
    // are not counted.
    expect(audit).toContain('the 9 failure and dead-letter queues are empty');
  });

  it('writes the HTML report and names it', () => {
    expect(run.reportPath).toBe(join(reportDir, 'audit-report.html'));
    expect(existsSync(join(reportDir, 'audit-report.html'))).toBe(true);
    const html = readFileSync(join(reportDir, 'audit-report.html'), 'utf8');
    expect(html).toContain('vendor/mirror');
    expect(output).toContain(`HTML report (open it in a browser): ${run.reportPath}`);
  });

  it('with --keep, prints every variable the CLI needs, commands for both accounts, and how to stop it', () => {
    const kept = output.slice(output.indexOf('The emulator keeps running'));
    for (const name of [
      'AWS_ENDPOINT_URL',
      'AWS_REGION',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'ALERTS_TOPIC_ARN',
      'DEDUPE_TABLE_NAME',
    ]) {
      expect(kept).toMatch(new RegExp(`^ +export ${name}=\\S+$`, 'm'));
    }
    expect(kept).toContain('npx ecr-guard audit --accounts 123456789012,222222222222');
    expect(kept).toContain('npx ecr-guard enforce --accounts 123456789012,222222222222 --dry-run');
    expect(kept).toContain(`npx ecr-guard handle ${join(reportDir, 'scan-complete.json')}\n`);
    expect(kept).toContain(`kill -TERM ${process.pid}`);
  });

  it('prints an environment that lets `ecr-guard handle` run the scan event it kept through the alert path', async () => {
    // Prepare: the printed variables, the emulator itself in place of the sandbox's proxy.
    const kept = output.slice(output.indexOf('The emulator keeps running'));
    const env = Object.fromEntries(
      [...kept.matchAll(/^ +export (\w+)=(\S+)$/gm)].map(([, name, value]) => [name, value]),
    );
    env.AWS_ENDPOINT_URL = endpoint;

    // Act
    const { code, stdout, stderr } = await new Promise<{
      code: number;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, 'handle', join(reportDir, 'scan-complete.json')],
        { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
        (error, out, err) => {
          const exit = error === null ? 0 : typeof error.code === 'number' ? error.code : 99;
          resolve({ code: exit, stdout: out, stderr: err });
        },
      );
    });

    // Assess: the real path ran, in the member account (the image), through the dedupe table
    // (this scan was alerted already), exit 1 as for any image with findings.
    expect(stderr).not.toContain('environment variable');
    expect(code, `${stdout}\n${stderr}`).toBe(1);
    expect(JSON.parse(stdout).dryRun).toBe(false);
    expect(JSON.parse(stdout).result).toMatchObject({ outcome: 'duplicate' });
  });

  it('writes no ANSI code when colour is off (a log)', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the ANSI escape character
    expect(output).not.toMatch(/\u001b\[/);
  });
});

describe('Sandbox: command line', () => {
  it.each([
    [[], { keep: false, verbose: false, help: false, endpoint: undefined }],
    [['--keep', '--verbose'], { keep: true, verbose: true, help: false, endpoint: undefined }],
    [
      ['--endpoint', 'http://127.0.0.1:5000'],
      { keep: false, verbose: false, help: false, endpoint: 'http://127.0.0.1:5000' },
    ],
  ])('reads %j', (argv, expected) => {
    expect(parseSandboxArguments(argv)).toEqual(expected);
  });

  it('refuses an unknown option', () => {
    expect(() => parseSandboxArguments(['--kep'])).toThrow(/--kep/);
  });
});
