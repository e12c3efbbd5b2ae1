import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeRepositoriesCommand,
  type ECRClient,
  GetLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { type SweepReport, SweepReportSchema } from '#lib/report/index.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '#lib/standard/index.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../harness/aws-proxy.ts';
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
const STANDARD_POLICY = JSON.stringify(DEFAULT_LIFECYCLE_POLICY);

function parseReport(stdout: string): SweepReport {
  return SweepReportSchema.parse(JSON.parse(stdout));
}

describe('CLI: ecr-guard audit and enforce across two accounts (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let central: ECRClient;
  let member: ECRClient;
  let env: Record<string, string>;
  const assumedRoles: string[] = [];

  beforeAll(async () => {
    proxy = await startAwsProxy({
      target: endpoint,
      pullThroughCachePrefixes: ['docker-hub'],
      fault: (call, { body }) => {
        if (call.operation !== 'AssumeRole') return undefined;
        const roleArn = assumedRoleArn(body) ?? '';
        assumedRoles.push(roleArn);
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
    central = arrangeClient(endpoint, REGION);
    member = await memberEcrClient(endpoint, REGION);
    const compliant = {
      mutability: 'IMMUTABLE_WITH_EXCLUSION' as const,
      scanOnPush: true,
      lifecyclePolicyText: STANDARD_POLICY,
    };
    // Central account: 2 compliant, 2 exempt, 2 to fix.
    await createRepository(central, 'compliant-app', compliant);
    await createRepository(central, 'team-policy-app', {
      mutability: 'IMMUTABLE',
      scanOnPush: true,
      lifecyclePolicyText: TEAM_POLICY,
      tags: { team: 'payments' },
    });
    await createRepository(central, 'mutable-app', { tags: { team: 'checkout' } });
    await createRepository(central, 'vendor-mirror', {
      tags: {
        'ecr-guard:exempt': 'all',
        'ecr-guard:exempt-until': '2030-01-31',
        'ecr-guard:exempt-reason': 'vendor images <mirrored> | as is',
      },
    });
    await createRepository(central, 'expired-exemption', {
      tags: { 'ecr-guard:exempt': 'all', 'ecr-guard:exempt-until': '2020-01-31' },
    });
    // A pull-through cache repository: its tags follow the upstream registry.
    await createRepository(central, 'docker-hub/library/nginx', {
      scanOnPush: true,
      lifecyclePolicyText: STANDARD_POLICY,
    });
    // Member account: 1 compliant, 1 to fix.
    await createRepository(member, 'member-good', compliant);
    await createRepository(member, 'member-app');
    proxy.clear();
    assumedRoles.length = 0;
  });

  async function mutability(client: ECRClient, name: string): Promise<string | undefined> {
    const out = await client.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    return out.repositories?.[0]?.imageTagMutability;
  }

  describe('Command: audit', () => {
    it('reports each account and exits 1, with reads only: ≤ 2 per repository beyond the listing', async () => {
      // Act
      const { code, stdout } = await runCli(
        ['audit', '--accounts', `${CENTRAL},${MEMBER_ACCOUNT}`, '--format', 'json'],
        env,
      );

      // Assess
      expect(code).toBe(1);
      const report = parseReport(stdout);
      expect(report.byAccount).toEqual([
        expect.objectContaining({
          account: CENTRAL,
          repositories: 6,
          compliant: 2,
          exempt: 2,
          nonCompliant: 2,
        }),
        expect.objectContaining({
          account: MEMBER_ACCOUNT,
          repositories: 2,
          compliant: 1,
          nonCompliant: 1,
        }),
      ]);
      const nginx = report.repositories.find(
        (r) => r.repositoryName === 'docker-hub/library/nginx',
      );
      expect(nginx?.controls[0]).toMatchObject({ control: 'immutability', status: 'exempt' });
      expect(nginx?.exemptions[0]).toMatchObject({ source: 'pull-through-cache', applied: true });
      const expired = report.repositories.find((r) => r.repositoryName === 'expired-exemption');
      expect(expired?.ignoredExemptions[0]?.reason).toContain('expired on 2020-01-31');

      const ecrCalls = proxy.operations({ service: 'ecr' });
      expect(ecrCalls.filter(isWriteOperation)).toEqual([]);
      const count = (op: string): number => ecrCalls.filter((c) => c === `ecr:${op}`).length;
      expect(count('DescribeRepositories')).toBe(2);
      expect(count('GetRegistryScanningConfiguration')).toBe(2);
      expect(count('GetLifecyclePolicy')).toBe(8);
      expect(count('ListTagsForResource')).toBe(8);
      // The member role is assumed once for the member account, never for the central one.
      expect(assumedRoles).toEqual([`arn:aws:iam::${MEMBER_ACCOUNT}:role/ecr-guard-remediation`]);
    });

    it('exits 0 when every repository is compliant or exempt', async () => {
      // Act
      const { code, stdout } = await runCli(
        ['audit', '--accounts', MEMBER_ACCOUNT, '--format', 'json'],
        env,
      );
      await runCli(['enforce', '--accounts', MEMBER_ACCOUNT], env);
      const after = await runCli(['audit', '--accounts', MEMBER_ACCOUNT, '--format', 'json'], env);

      // Assess
      expect(code).toBe(1);
      expect(parseReport(stdout).summary.nonCompliant).toBe(1);
      expect(after.code).toBe(0);
      expect(parseReport(after.stdout).summary).toMatchObject({ repositories: 2, compliant: 2 });
    });

    it('reports an account whose member role is missing, and sweeps the other one fully (exit 2)', async () => {
      // Act
      const { code, stdout, stderr } = await runCli(
        ['audit', '--accounts', `${NO_ROLE},${CENTRAL}`, '--format', 'json'],
        env,
      );

      // Assess
      expect(code).toBe(2);
      const report = parseReport(stdout);
      expect(report.targets).toEqual([
        { account: CENTRAL, region: REGION, status: 'ok', repositories: 6 },
        {
          account: NO_ROLE,
          region: REGION,
          status: 'failed',
          repositories: 0,
          reason: expect.stringMatching(
            new RegExp(
              `^cannot assume role arn:aws:iam::${NO_ROLE}:role/ecr-guard-remediation in account ${NO_ROLE}: AccessDenied: .*not authorized to perform: sts:AssumeRole`,
            ),
          ),
        },
      ]);
      expect(report.summary.repositories).toBe(6);
      expect(stderr).toContain(`${NO_ROLE}/${REGION} failed: cannot assume role`);
    });

    it('assumes the role named by --role-name', async () => {
      // Act
      await runCli(
        [
          'audit',
          '--accounts',
          MEMBER_ACCOUNT,
          '--role-name',
          'platform-audit',
          '--format',
          'json',
        ],
        env,
      );

      // Assess
      expect(assumedRoles).toEqual([`arn:aws:iam::${MEMBER_ACCOUNT}:role/platform-audit`]);
    });

    it('sweeps every ACTIVE account of the organization with --org', async () => {
      // Prepare
      const organizations = new OrganizationsClient({
        endpoint,
        region: REGION,
        credentials: TEST_CREDENTIALS,
      });
      await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
      const created = await organizations.send(
        new CreateAccountCommand({ AccountName: 'team', Email: 'team@example.com' }),
      );
      const teamAccount = created.CreateAccountStatus?.AccountId ?? '';

      // Act
      const { code, stdout } = await runCli(['audit', '--org', '--format', 'json'], env);

      // Assess
      expect(code).toBe(1);
      const report = parseReport(stdout);
      expect(report.targets.map((t) => t.account).sort()).toEqual([CENTRAL, teamAccount].sort());
      expect(proxy.operations()).toContain('organizations:ListAccounts');
    });

    it('prints the table by default: the totals per account and per control', async () => {
      // Act
      const { code, stdout, stderr } = await runCli(
        ['audit', '--accounts', `${CENTRAL},${MEMBER_ACCOUNT}`],
        env,
      );

      // Assess
      expect(code).toBe(1);
      expect(stdout).toMatch(
        new RegExp(`^${CENTRAL}\\s+1\\s+0\\s+6\\s+2\\s+2\\s+2\\s+0\\s+0\\s+0\\s+66\\.7%$`, 'm'),
      );
      expect(stdout).toMatch(/^immutability\s+repository\s+fixable\s+3\s+2\s+3\s+0\s+0\s+0$/m);
      expect(stdout).toContain('mutable-app');
      // Not a terminal: plain progress lines on stderr.
      expect(stderr).toContain(`sweeping ${CENTRAL}/${REGION}`);
      expect(stderr).toContain(`${MEMBER_ACCOUNT}/${REGION}: 2 repositories`);
    });

    it.each([
      [
        'markdown',
        'audit.md',
        `| ${CENTRAL} | ${REGION} | mutable-app | checkout | default | immutability | violation |`,
      ],
      [
        'html',
        'audit.html',
        '<td>vendor-mirror</td><td class="nowrap">immutability</td><td>applied</td><td>2030-01-31</td>',
      ],
    ])('writes the %s report to a file, with the expected rows', async (format, file, row) => {
      // Prepare
      const dir = await mkdtemp(join(tmpdir(), 'ecr-guard-report-'));
      const output = join(dir, file);

      // Act
      const { code, stdout, stderr } = await runCli(
        ['audit', '--accounts', `${CENTRAL},${MEMBER_ACCOUNT}`, '--output', output],
        env,
      );

      // Assess
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain(`report written to ${output}`);
      const text = await readFile(output, 'utf8');
      expect(text).toContain(row);
      expect(text).toContain('member-app');
      if (format === 'html') {
        expect(text).toContain('vendor images &lt;mirrored&gt; | as is');
        expect(text).toContain('<svg');
      } else {
        expect(text).toContain('vendor images \\<mirrored\\> \\| as is');
      }
    });
  });

  describe('Command: enforce', () => {
    it('fixes exactly the non-compliant, non-exempt repositories, writing only what differs', async () => {
      // Act
      const { code, stdout } = await runCli(
        ['enforce', '--accounts', `${CENTRAL},${MEMBER_ACCOUNT}`, '--format', 'json'],
        env,
      );

      // Assess
      expect(code).toBe(0);
      const report = parseReport(stdout);
      const remediated = report.repositories
        .filter((r) => r.status === 'remediated')
        .map((r) => `${r.account}/${r.repositoryName}`);
      expect(remediated).toEqual([
        `${CENTRAL}/expired-exemption`,
        `${CENTRAL}/mutable-app`,
        `${MEMBER_ACCOUNT}/member-app`,
      ]);
      expect(proxy.operations().filter(isWriteOperation).sort()).toEqual(
        [
          ...Array(3).fill('ecr:PutImageScanningConfiguration'),
          ...Array(3).fill('ecr:PutImageTagMutability'),
          ...Array(3).fill('ecr:PutLifecyclePolicy'),
        ].sort(),
      );
      expect(await mutability(central, 'mutable-app')).toBe('IMMUTABLE_WITH_EXCLUSION');
      expect(await mutability(member, 'member-app')).toBe('IMMUTABLE_WITH_EXCLUSION');
      expect(await mutability(central, 'vendor-mirror')).toBe('MUTABLE');
      expect(await mutability(central, 'docker-hub/library/nginx')).toBe('MUTABLE');
      const teamPolicy = await central.send(
        new GetLifecyclePolicyCommand({ repositoryName: 'team-policy-app' }),
      );
      expect(JSON.parse(teamPolicy.lifecyclePolicyText ?? '{}')).toEqual(JSON.parse(TEAM_POLICY));
    });

    it('makes no write call at all with --dry-run, shows the plan and exits 1', async () => {
      // Act
      const { code, stdout } = await runCli(
        ['enforce', '--accounts', `${CENTRAL},${MEMBER_ACCOUNT}`, '--dry-run', '--format', 'json'],
        env,
      );

      // Assess
      expect(code).toBe(1);
      expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
      const report = parseReport(stdout);
      expect(report.run.dryRun).toBe(true);
      expect(report.summary.planned).toBe(3);
      expect(report.repositories.find((r) => r.repositoryName === 'mutable-app')?.controls).toEqual(
        [
          expect.objectContaining({
            status: 'planned',
            fix: [expect.objectContaining({ action: 'ecr:PutImageTagMutability' })],
          }),
          expect.objectContaining({
            status: 'planned',
            fix: [expect.objectContaining({ action: 'ecr:PutLifecyclePolicy' })],
          }),
          expect.objectContaining({
            status: 'planned',
            fix: [expect.objectContaining({ action: 'ecr:PutImageScanningConfiguration' })],
          }),
        ],
      );
      expect(await mutability(central, 'mutable-app')).toBe('MUTABLE');
    });

    it('costs two reads per compliant repository on a second run, and no write', async () => {
      // Prepare
      await runCli(['enforce', '--accounts', `${CENTRAL},${MEMBER_ACCOUNT}`], env);
      proxy.clear();

      // Act
      const { code, stdout } = await runCli(
        ['enforce', '--accounts', `${CENTRAL},${MEMBER_ACCOUNT}`, '--format', 'json'],
        env,
      );

      // Assess
      expect(code).toBe(0);
      // Compliant now, and still reported with their owner and the exemption not applied.
      const report = parseReport(stdout);
      const named = (name: string) => report.repositories.find((r) => r.repositoryName === name);
      expect(named('mutable-app')?.team).toBe('checkout');
      expect(named('expired-exemption')?.ignoredExemptions).toHaveLength(1);
      const ecrCalls = proxy.operations({ service: 'ecr' });
      expect(ecrCalls.filter(isWriteOperation)).toEqual([]);
      // 8 repositories: a lifecycle policy and the tags each (owners and exemptions are
      // reported for every repository): two reads per compliant repository, the budget.
      expect(ecrCalls.filter((c) => c === 'ecr:GetLifecyclePolicy')).toHaveLength(8);
      expect(ecrCalls.filter((c) => c === 'ecr:ListTagsForResource')).toHaveLength(8);
    });
  });

  it('refuses --accounts with --org, and a malformed account id, with exit 2 and no AWS call', async () => {
    const both = await runCli(['audit', '--org', '--accounts', CENTRAL], env);
    const malformed = await runCli(['audit', '--accounts', '12345'], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --accounts or --org, not both');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('"12345" is not an AWS account id');
    expect(proxy.operations({ service: 'ecr' })).toEqual([]);
  });
});
