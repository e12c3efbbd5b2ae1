/**
 * The whole ECR checklist through `ecr-guard audit` and `enforce`, on the emulator: one
 * repository (or registry) breaking each new control, each reported under its control's name.
 * moto has repository policies, encryption configurations, images, VPCs, route tables and
 * VPC endpoints, used for real; it lacks repository creation templates and account settings,
 * which the loopback proxy's stand-ins answer (harness/ecr-stand-ins.ts), in the shapes of
 * the ECR API Reference.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeRouteTablesCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateRepositoryCommand,
  type ECRClient,
  GetRepositoryPolicyCommand,
  PutAccountSettingCommand,
  PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { type SweepReport, SweepReportSchema } from '#lib/report/index.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '#lib/standard/index.ts';
import { pushImage } from '../../harness/alerting-arrange.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../harness/aws-proxy.ts';
import { arrangeClient, createRepository, TEST_CREDENTIALS } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { cliEnvironment, runCli } from '../support/run-cli.ts';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const STANDARD_POLICY = JSON.stringify(DEFAULT_LIFECYCLE_POLICY);
/** The rest of the standard as the repositories below meet it. */
const COMPLIANT = {
  mutability: 'IMMUTABLE_WITH_EXCLUSION' as const,
  scanOnPush: true,
  lifecyclePolicyText: STANDARD_POLICY,
};
const ORG_PULL = {
  Sid: 'OrgPull',
  Effect: 'Allow',
  Principal: '*',
  Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
  Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' } },
};
const PUBLIC_PULL = { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' };

/** Routes the default VPC's main route table to an internet gateway, as AWS creates it. */
async function makeDefaultVpcPublic(ec2: EC2Client): Promise<void> {
  const { Vpcs = [] } = await ec2.send(
    new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }),
  );
  for (const { VpcId } of Vpcs) {
    if (VpcId === undefined) continue;
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
    const InternetGatewayId = InternetGateway?.InternetGatewayId;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId, VpcId }));
    const { RouteTables = [] } = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [VpcId] }] }),
    );
    for (const { RouteTableId } of RouteTables) {
      await ec2.send(
        new CreateRouteCommand({
          RouteTableId,
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: InternetGatewayId,
        }),
      );
    }
  }
}

function parseReport(stdout: string): SweepReport {
  return SweepReportSchema.parse(JSON.parse(stdout));
}

/** The report's status of each control of one repository. */
function controlsOf(report: SweepReport, repositoryName: string): Record<string, string> {
  const repository = report.repositories.find((r) => r.repositoryName === repositoryName);
  return Object.fromEntries((repository?.controls ?? []).map((c) => [c.control, c.status]));
}

describe('The ECR checklist through ecr-guard audit and enforce (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let ecr: ECRClient;
  let ec2: EC2Client;
  let env: Record<string, string>;
  let dir: string;

  /** Writes a standard (ecr-guard.yml) with the sections given, the defaults for the others. */
  async function standard(name: string, yaml: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, yaml);
    return path;
  }

  beforeAll(async () => {
    proxy = await startAwsProxy({ target: endpoint });
    env = cliEnvironment(proxy.endpoint, REGION);
    dir = await mkdtemp(join(tmpdir(), 'ecr-guard-checklist-'));
  });

  afterAll(async () => {
    ecr?.destroy();
    ec2?.destroy();
    await proxy.close();
  });

  beforeEach(async () => {
    await resetEmulator(endpoint);
    proxy.resetStandIns();
    ecr = arrangeClient(endpoint, REGION);
    ec2 = new EC2Client({ endpoint, region: REGION, credentials: TEST_CREDENTIALS });
    // naming: `stuff` follows no {team}-{app}-{component}.
    await createRepository(ecr, 'stuff', COMPLIANT);
    // repository-policy: a public pull next to an organization's pull.
    await createRepository(ecr, 'payments-public-api', COMPLIANT);
    await ecr.send(
      new SetRepositoryPolicyCommand({
        repositoryName: 'payments-public-api',
        policyText: JSON.stringify({ Version: '2012-10-17', Statement: [ORG_PULL, PUBLIC_PULL] }),
      }),
    );
    // encryption: AES256 (moto's default) while the standard requires KMS; and one with KMS.
    await createRepository(ecr, 'payments-ledger-api', COMPLIANT);
    await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'payments-vault-api',
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [{ filter: 'latest', filterType: 'WILDCARD' }],
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: { encryptionType: 'KMS' },
      }),
    );
    await ecr.send(
      new PutLifecyclePolicyCommand({
        repositoryName: 'payments-vault-api',
        lifecyclePolicyText: STANDARD_POLICY,
      }),
    );
    // tag-strategy: images tagged only at random.
    await createRepository(ecr, 'payments-batch-worker', COMPLIANT);
    await pushImage(ecr, 'payments-batch-worker', { tag: 'x7k2q', seed: 'one' });
    await pushImage(ecr, 'payments-batch-worker', { tag: 'tmp-build', seed: 'two' });
    // registry-scanning: basic scanning on the engine being retired (an account setting: the
    // proxy's stand-in keeps it, so it is put through the proxy).
    const standIn = arrangeClient(proxy.endpoint, REGION);
    await standIn.send(
      new PutAccountSettingCommand({ name: 'BASIC_SCAN_TYPE_VERSION', value: 'CLAIR' }),
    );
    standIn.destroy();
    // vpc-endpoints: the default VPC public, as in AWS (moto leaves its main route table
    // without the internet gateway route AWS gives it), and a VPC whose subnet is private
    // (its main route table has no internet gateway route).
    await makeDefaultVpcPublic(ec2);
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }));
    await ec2.send(new CreateSubnetCommand({ VpcId: Vpc?.VpcId, CidrBlock: '10.20.1.0/24' }));
    proxy.clear();
  });

  it('reports each new control under its name, the registry apart, report-only ones counted (exit 1)', async () => {
    // Prepare
    const config = await standard(
      'audit.yml',
      'encryption:\n  require: KMS\nvpcEndpoints:\n  check: true\n',
    );

    // Act
    const { code, stdout, stderr } = await runCli(
      ['audit', '--format', 'json', '--config', config, '--accounts', ACCOUNT, '--regions', REGION],
      env,
    );

    // Assess
    expect(stderr).not.toContain('Error');
    expect(code).toBe(1);
    const report = parseReport(stdout);
    expect(controlsOf(report, 'stuff').naming).toBe('violation');
    expect(controlsOf(report, 'payments-public-api')['repository-policy']).toBe('violation');
    expect(controlsOf(report, 'payments-ledger-api').encryption).toBe('violation');
    expect(controlsOf(report, 'payments-vault-api').encryption).toBe('pass');
    expect(controlsOf(report, 'payments-batch-worker')['tag-strategy']).toBe('violation');
    const naming = report.repositories
      .find((r) => r.repositoryName === 'stuff')
      ?.controls.find((c) => c.control === 'naming');
    expect(naming?.reason).toContain('{team}-{app}-{component}');
    const registry = Object.fromEntries(report.registry.map((r) => [r.control, r]));
    expect(registry['creation-templates']).toMatchObject({
      account: ACCOUNT,
      region: REGION,
      status: 'violation',
    });
    expect(registry['registry-scanning']?.status).toBe('violation');
    expect(registry['registry-scanning']?.reason).toContain('CLAIR');
    expect(registry['vpc-endpoints']?.status).toBe('violation');
    // Every control with its level and whether ecr-guard can fix it.
    expect(
      Object.fromEntries(report.byControl.map((c) => [c.control, [c.level, c.fixable]])),
    ).toMatchObject({
      naming: ['repository', false],
      'repository-policy': ['repository', true],
      encryption: ['repository', false],
      'tag-strategy': ['repository', false],
      'creation-templates': ['registry', true],
      'registry-scanning': ['registry', true],
      'vpc-endpoints': ['registry', false],
    });
    // An audit writes nothing.
    expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
  });

  it('passes vpc-endpoints once the private VPC has its ECR and S3 endpoints', async () => {
    // Prepare
    const { Vpcs: [vpc] = [] } = await ec2.send(
      new DescribeVpcsCommand({
        Filters: [{ Name: 'cidr', Values: ['10.20.0.0/16'] }],
      }),
    );
    const vpcId = vpc?.VpcId ?? '';
    const { RouteTables = [] } = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
    );
    for (const service of ['ecr.api', 'ecr.dkr']) {
      await ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          ServiceName: `com.amazonaws.${REGION}.${service}`,
          VpcEndpointType: 'Interface',
        }),
      );
    }
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: `com.amazonaws.${REGION}.s3`,
        VpcEndpointType: 'Gateway',
        RouteTableIds: RouteTables.flatMap((t) => (t.RouteTableId ? [t.RouteTableId] : [])),
      }),
    );
    const config = await standard('vpc.yml', 'vpcEndpoints:\n  check: true\n');

    // Act
    const { stdout } = await runCli(
      ['audit', '--format', 'json', '--config', config, '--accounts', ACCOUNT, '--regions', REGION],
      env,
    );

    // Assess: the emulator's default VPC has an internet gateway; the private one its endpoints.
    const report = parseReport(stdout);
    const vpcEndpoints = report.registry.find((r) => r.control === 'vpc-endpoints');
    expect(vpcEndpoints?.reason).toBeUndefined();
    expect(vpcEndpoints?.status).toBe('pass');
  });

  it('removes exactly the public statement with repositoryPolicy.mode: enforce, keeping the others', async () => {
    // Prepare
    const config = await standard('enforce.yml', 'repositoryPolicy:\n  mode: enforce\n');

    // Act
    const { stdout } = await runCli(
      [
        'enforce',
        '--format',
        'json',
        '--config',
        config,
        '--accounts',
        ACCOUNT,
        '--regions',
        REGION,
      ],
      env,
    );

    // Assess
    expect(controlsOf(parseReport(stdout), 'payments-public-api')['repository-policy']).toBe(
      'remediated',
    );
    const { policyText } = await ecr.send(
      new GetRepositoryPolicyCommand({ repositoryName: 'payments-public-api' }),
    );
    expect(JSON.parse(policyText ?? '{}').Statement).toEqual([ORG_PULL]);
    // Report-only controls never write: nothing but the policy (and the default report mode
    // of creation templates writes no template).
    expect(proxy.operations().filter(isWriteOperation)).toEqual(['ecr:SetRepositoryPolicy']);
  });

  it('creates the ROOT creation template with creationTemplates.mode: enforce, then passes it', async () => {
    // Prepare
    const config = await standard('templates.yml', 'creationTemplates:\n  mode: enforce\n');

    // Act
    const first = parseReport(
      (
        await runCli(
          [
            'enforce',
            '--format',
            'json',
            '--config',
            config,
            '--accounts',
            ACCOUNT,
            '--regions',
            REGION,
          ],
          env,
        )
      ).stdout,
    );
    proxy.clear();
    const second = parseReport(
      (
        await runCli(
          [
            'audit',
            '--format',
            'json',
            '--config',
            config,
            '--accounts',
            ACCOUNT,
            '--regions',
            REGION,
          ],
          env,
        )
      ).stdout,
    );

    // Assess
    expect(first.registry.find((r) => r.control === 'creation-templates')?.status).toBe(
      'remediated',
    );
    expect(second.registry.find((r) => r.control === 'creation-templates')?.status).toBe('pass');
    expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
  });
});
