/**
 * What an auditor is handed, end to end through the CLI on the emulator: never "compliant"
 * on nothing checked, one result per repository and control in every machine format, and
 * the results in Security Hub (moto implements `BatchImportFindings` and `GetFindings`; it
 * ignores `GetFindings` filters, which the adapter applies again itself).
 */
import { DeleteRepositoryCommand, type ECRClient } from '@aws-sdk/client-ecr';
import {
  type AwsSecurityFinding,
  paginateGetFindings,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { OCSF_COMPLIANCE_FINDING, SweepReportSchema } from '#lib/report/index.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '#lib/standard/index.ts';
import { type AwsProxy, startAwsProxy } from '../../harness/aws-proxy.ts';
import { arrangeClient, createRepository, TEST_CREDENTIALS } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { FIRST_THREE_CONTROLS_DIR } from '../support/first-three-controls.ts';
import {
  assumedRoleArn,
  assumeRoleAccessDenied,
  MEMBER_ACCOUNT,
  memberEcrClient,
} from '../support/member-account.ts';
import { cliEnvironment, runCli as runCliAnywhere } from '../support/run-cli.ts';

/** The CLI under the standard of the first three controls, whose figures this file counts. */
const runCli = (args: readonly string[], env: Readonly<Record<string, string>>) =>
  runCliAnywhere(args, env, '', { cwd: FIRST_THREE_CONTROLS_DIR });

const REGION = 'us-east-1';
const CENTRAL = '123456789012';
/** A member account whose ecr-guard-remediation role is missing: AssumeRole is denied. */
const NO_ROLE = '333333333333';
const CONTROLS = ['immutability', 'lifecycle', 'scanning'];

/** Splits RFC 4180 text into records (quoted fields may hold commas and line breaks). */
function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += c;
  }
  const [header = [], ...rows] = records;
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}

describe('CLI: the audit an auditor is handed (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let central: ECRClient;
  let env: Record<string, string>;
  /** Answers organizations:ListAccounts with no account at all when set. */
  let emptyOrganization = false;

  beforeAll(async () => {
    proxy = await startAwsProxy({
      target: endpoint,
      fault: (call, { body }) => {
        if (call.operation === 'ListAccounts' && emptyOrganization) {
          // The ListAccounts response of the Organizations API reference, with no account.
          return {
            status: 200,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: JSON.stringify({ Accounts: [] }),
          };
        }
        if (call.operation !== 'AssumeRole') return undefined;
        const roleArn = assumedRoleArn(body) ?? '';
        return roleArn.includes(`::${NO_ROLE}:`) ? assumeRoleAccessDenied(roleArn) : undefined;
      },
    });
    env = cliEnvironment(proxy.endpoint, REGION);
  });

  afterAll(async () => {
    await proxy.close();
  });

  beforeEach(async () => {
    await resetEmulator(endpoint);
    emptyOrganization = false;
    central = arrangeClient(endpoint, REGION);
    await createRepository(central, 'compliant-app', {
      mutability: 'IMMUTABLE_WITH_EXCLUSION',
      scanOnPush: true,
      lifecyclePolicyText: JSON.stringify(DEFAULT_LIFECYCLE_POLICY),
      tags: { team: 'payments' },
    });
    await createRepository(central, 'mutable-app', { tags: { team: 'checkout' } });
    const member = await memberEcrClient(endpoint, REGION);
    await createRepository(member, 'member-app');
    proxy.clear();
  });

  describe('Never compliant on nothing checked', () => {
    it('exits 2 and says so when the organization lists no account', async () => {
      // Prepare
      emptyOrganization = true;

      // Act
      const { code, stdout } = await runCli(['audit', '--org'], env);

      // Assess
      expect(code).toBe(2);
      expect(stdout).toContain(
        'Nothing was checked: there was no account and region to check. (exit 2)',
      );
      expect(stdout).not.toContain('compliant or exempt');
    });

    it('exits 2 when every account/region failed, and shows "not checked", no percentage', async () => {
      // Act
      const { code, stdout, stderr } = await runCli(['audit', '--accounts', NO_ROLE], env);

      // Assess
      expect(code).toBe(2);
      expect(stdout).toMatch(
        new RegExp(`^${NO_ROLE}\\s+1\\s+1\\s+0(\\s+0){6}\\s+not checked$`, 'm'),
      );
      expect(stdout).not.toMatch(new RegExp(`^${NO_ROLE}.*%$`, 'm'));
      expect(stdout).toContain('Nothing was checked: none of the 1 account/region could be read.');
      expect(stderr).toContain('done: 0 of 1 account/regions read, 1 failed');
    });

    it('counts a denied account apart: "not checked" next to the percentage of the others, exit 2', async () => {
      // Act
      const { code, stdout } = await runCli(
        ['audit', '--accounts', `${CENTRAL},${NO_ROLE}`, '--format', 'html'],
        env,
      );

      // Assess
      expect(code).toBe(2);
      expect(stdout).toContain('>not checked</text>');
      expect(stdout).toContain('>50%</text>');
      expect(stdout).toContain('<td class="n">not checked</td>');
      expect(stdout).not.toContain('(exit');
    });

    it('refuses a mistyped region before any AWS call', async () => {
      // Act
      const { code, stderr } = await runCli(['audit', '--regions', 'us-eest-1'], env);

      // Assess
      expect(code).toBe(2);
      expect(stderr).toContain('"us-eest-1" is not a region the AWS SDK knows');
      expect(proxy.calls).toEqual([]);
    });
  });

  describe('Evidence per repository and control', () => {
    it('has a CSV row for every repository and control, PASS rows and ARNs included', async () => {
      // Act
      const { code, stdout } = await runCli(
        ['audit', '--accounts', `${CENTRAL},${MEMBER_ACCOUNT}`, '--format', 'csv'],
        env,
      );

      // Assess
      expect(code).toBe(1);
      const rows = parseCsv(stdout);
      expect(rows).toHaveLength(3 * CONTROLS.length);
      expect(
        rows.filter((r) => r.status === 'pass').map((r) => `${r.repository}/${r.control}`),
      ).toEqual(expect.arrayContaining(CONTROLS.map((c) => `compliant-app/${c}`)));
      expect(rows.find((r) => r.repository === 'member-app')?.repository_arn).toBe(
        `arn:aws:ecr:${REGION}:${MEMBER_ACCOUNT}:repository/member-app`,
      );
      expect(rows.find((r) => r.repository === 'mutable-app')?.team).toBe('checkout');
      expect(
        rows.every((r) => r.scope === 'default' && /^[0-9a-f]{64}$/.test(r.standard_sha256 ?? '')),
      ).toBe(true);
      const lifecycle = rows.find(
        (r) => r.repository === 'mutable-app' && r.control === 'lifecycle',
      );
      expect(lifecycle?.fix_change).toMatch(
        /^--- lifecyclePolicyText \(none\)\n\+\+\+ lifecyclePolicyText \(written\)/,
      );
      expect(
        rows.find((r) => r.repository === 'compliant-app' && r.control === 'immutability')
          ?.framework_note,
      ).toContain('fails IMMUTABLE_WITH_EXCLUSION');
    });

    it('writes OCSF Compliance Findings, class 2003, one a line, with the compliance status', async () => {
      // Act
      const { code, stdout } = await runCli(['audit', '--format', 'ocsf'], env);

      // Assess
      expect(code).toBe(1);
      const events = stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(events).toHaveLength(2 * CONTROLS.length);
      expect(events.every((e) => e.class_uid === OCSF_COMPLIANCE_FINDING)).toBe(true);
      expect(
        events.filter((e) => e.compliance.status === 'Fail').map((e) => e.resources[0].name),
      ).toEqual(['mutable-app', 'mutable-app', 'mutable-app']);
      expect(events[0].metadata.product.name).toBe('ecr-guard');
    });

    it('heads the JSON report with the run: version, standard, caller, asked for and reached', async () => {
      // Act
      const { stdout } = await runCli(
        ['audit', '--accounts', `${CENTRAL},${NO_ROLE}`, '--format', 'json'],
        env,
      );

      // Assess
      const { run: header } = SweepReportSchema.parse(JSON.parse(stdout));
      expect(header).toMatchObject({
        tool: { name: 'ecr-guard', version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
        standard: { source: 'ecr-guard.yml', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        caller: { account: CENTRAL, arn: expect.stringContaining(CENTRAL) },
        asked: { accounts: [CENTRAL, NO_ROLE], regions: [REGION] },
        reached: { accounts: [CENTRAL], regions: [REGION] },
      });
    });
  });

  describe('Security Hub', () => {
    async function memberSecurityHub(): Promise<SecurityHubClient> {
      const sts = new STSClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS });
      const { Credentials } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${MEMBER_ACCOUNT}:role/ecr-guard-remediation`,
          RoleSessionName: 'assess',
        }),
      );
      return new SecurityHubClient({
        endpoint,
        region: REGION,
        credentials: {
          accessKeyId: Credentials?.AccessKeyId ?? '',
          secretAccessKey: Credentials?.SecretAccessKey ?? '',
          sessionToken: Credentials?.SessionToken ?? '',
        },
      });
    }

    async function findings(client: SecurityHubClient): Promise<AwsSecurityFinding[]> {
      const all: AwsSecurityFinding[] = [];
      for await (const page of paginateGetFindings({ client }, {}))
        all.push(...(page.Findings ?? []));
      return all;
    }

    it('imports one finding per repository and control, updated in place on a second run', async () => {
      // Prepare
      const args = [
        'audit',
        '--accounts',
        `${CENTRAL},${MEMBER_ACCOUNT}`,
        '--format',
        'json',
        '--security-hub',
      ];
      const hub = new SecurityHubClient({
        endpoint,
        region: REGION,
        credentials: TEST_CREDENTIALS,
      });

      // Act
      const first = await runCli(args, env);
      const createdAt = new Map((await findings(hub)).map((f) => [f.Id, f.CreatedAt]));
      const second = await runCli(args, env);

      // Assess
      expect(first.code).toBe(1);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(
        `Security Hub ${CENTRAL}/${REGION}: 6 findings imported (3 PASSED, 3 FAILED, 0 NOT_AVAILABLE), 0 archived`,
      );
      const own = await findings(hub);
      expect(own).toHaveLength(2 * CONTROLS.length);
      expect(new Set(own.map((f) => f.Id)).size).toBe(own.length);
      const report = SweepReportSchema.parse(JSON.parse(second.stdout));
      const violations = report.repositories
        .filter((r) => r.account === CENTRAL)
        .flatMap((r) =>
          r.controls
            .filter((c) => c.status === 'violation')
            .map((c) => `${r.repositoryArn} ${c.control}`),
        );
      expect(
        own
          .filter((f) => f.Compliance?.Status === 'FAILED')
          .map((f) => `${f.Resources?.[0]?.Id} ${f.ProductFields?.['ecr-guard/control']}`)
          .sort(),
      ).toEqual(violations.sort());
      // A re-run keeps when each issue was first seen.
      expect(own.every((f) => f.CreatedAt === createdAt.get(f.Id))).toBe(true);
      const member = await findings(await memberSecurityHub());
      expect(member.map((f) => f.AwsAccountId)).toEqual([
        MEMBER_ACCOUNT,
        MEMBER_ACCOUNT,
        MEMBER_ACCOUNT,
      ]);
      // REST calls, recorded by path: GetFindings is POST /findings, BatchImportFindings
      // POST /findings/import.
      expect(new Set(proxy.operations({ service: 'securityhub' }))).toEqual(
        new Set(['securityhub:POST /findings', 'securityhub:POST /findings/import']),
      );
    });

    it('archives the findings of a repository that no longer exists', async () => {
      // Prepare
      const args = ['audit', '--format', 'json', '--security-hub'];
      const hub = new SecurityHubClient({
        endpoint,
        region: REGION,
        credentials: TEST_CREDENTIALS,
      });
      await runCli(args, env);
      await central.send(
        new DeleteRepositoryCommand({ repositoryName: 'mutable-app', force: true }),
      );

      // Act
      const { code, stderr } = await runCli(args, env);

      // Assess
      expect(code).toBe(0);
      expect(stderr).toContain(
        '3 findings imported (3 PASSED, 0 FAILED, 0 NOT_AVAILABLE), 3 archived',
      );
      const all = await findings(hub);
      expect(
        all
          .filter((f) => f.RecordState === 'ARCHIVED')
          .map((f) => f.Resources?.[0]?.Id)
          .every((id) => id === `arn:aws:ecr:${REGION}:${CENTRAL}:repository/mutable-app`),
      ).toBe(true);
      expect(all.filter((f) => f.RecordState === 'ARCHIVED')).toHaveLength(3);
      expect(all.filter((f) => f.RecordState === 'ACTIVE')).toHaveLength(3);
    });

    it('leaves an account it could not read alone, and says so', async () => {
      // Act
      const { code, stderr } = await runCli(
        ['audit', '--accounts', `${CENTRAL},${NO_ROLE}`, '--format', 'json', '--security-hub'],
        env,
      );

      // Assess
      expect(code).toBe(2);
      expect(stderr).toContain(
        `Security Hub ${NO_ROLE}/${REGION}: skipped, not read: cannot assume role`,
      );
      expect(stderr).toContain(`Security Hub ${CENTRAL}/${REGION}: 6 findings imported`);
    });
  });
});
