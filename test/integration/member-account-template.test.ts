/**
 * deploy/member-account.yml deployed with the emulator's CloudFormation into a member account
 * (222222222222, through an assumed role) and into the central account (moto's default,
 * 123456789012): what it creates, and that its rules forward exactly what the central rules
 * act on to the central bus. moto neither evaluates IAM nor the bus policy, nor creates the
 * forwarding alarms from a template: those are checked structurally in
 * test/deploy/member-account-template.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { TEST_CREDENTIALS } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { loadEventBridgeFixture } from '../../harness/fixtures.ts';
import { SERVICE_DIR } from '../../harness/serverless-package.ts';
import {
  centralEventPatterns,
  createRoutingBench,
  putEventsEntry,
  type RoutingBench,
} from '../support/event-routing.ts';

const CENTRAL_ACCOUNT = '123456789012';
const MEMBER_ACCOUNT = '222222222222';
const REGION = 'us-east-1';
const CENTRAL_BUS_ARN = `arn:aws:events:${REGION}:${CENTRAL_ACCOUNT}:event-bus/ecr-guard`;
const CENTRAL_ROLES = [
  `arn:aws:iam::${CENTRAL_ACCOUNT}:role/ecr-guard-prod-${REGION}-enforce-repository`,
  `arn:aws:iam::${CENTRAL_ACCOUNT}:role/ecr-guard-prod-${REGION}-sweep-worker`,
];
const READER_ROLES = [
  `arn:aws:iam::${CENTRAL_ACCOUNT}:role/ecr-guard-prod-${REGION}-report-findings`,
];
const TEMPLATE = readFileSync(join(SERVICE_DIR, 'deploy/member-account.yml'), 'utf8');

describe('Template: deploy/member-account.yml (on the emulator’s CloudFormation)', () => {
  const endpoint = inject('awsEndpoint');
  const clients: { destroy(): void }[] = [];
  let memberCredentials: AwsCredentialIdentity;

  function client<T extends { destroy(): void }>(
    Client: new (config: object) => T,
    credentials: AwsCredentialIdentity = TEST_CREDENTIALS,
    region = REGION,
  ): T {
    const created = new Client({ endpoint, region, credentials });
    clients.push(created);
    return created;
  }

  /** Deploys the template as a StackSet instance would; resolves to the stack status. */
  async function deploy(credentials: AwsCredentialIdentity, region = REGION): Promise<string> {
    const cfn = client(CloudFormationClient, credentials, region);
    await cfn.send(
      new CreateStackCommand({
        StackName: 'ecr-guard-member',
        TemplateBody: TEMPLATE,
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        Parameters: [
          { ParameterKey: 'CentralEventBusArn', ParameterValue: CENTRAL_BUS_ARN },
          { ParameterKey: 'CentralAccountId', ParameterValue: CENTRAL_ACCOUNT },
          { ParameterKey: 'CentralFunctionRoleArns', ParameterValue: CENTRAL_ROLES.join(',') },
          { ParameterKey: 'CentralReaderRoleArns', ParameterValue: READER_ROLES.join(',') },
          { ParameterKey: 'OrganizationId', ParameterValue: 'o-exampleorg1' },
          { ParameterKey: 'GlobalResourcesRegion', ParameterValue: REGION },
        ],
      }),
    );
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: 'ecr-guard-member' }));
    return Stacks?.[0]?.StackStatus ?? 'UNKNOWN';
  }

  async function createdResources(
    credentials: AwsCredentialIdentity,
    region = REGION,
  ): Promise<string[]> {
    const cfn = client(CloudFormationClient, credentials, region);
    const { StackResourceSummaries = [] } = await cfn.send(
      new ListStackResourcesCommand({ StackName: 'ecr-guard-member' }),
    );
    return StackResourceSummaries.map((r) => `${r.LogicalResourceId} ${r.ResourceType}`)
      .filter((r) => r.trim() !== '')
      .sort();
  }

  /** Why the emulator cannot run CloudFormation (a moto without its extra dependencies). */
  let unavailable: string | undefined;

  beforeAll(async () => {
    try {
      await client(CloudFormationClient).send(
        new CreateStackCommand({
          StackName: 'probe',
          TemplateBody: JSON.stringify({
            Resources: { Probe: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'probe' } } },
          }),
        }),
      );
    } catch (error) {
      unavailable = `the emulator cannot run CloudFormation (${String(error)}); the template is still checked structurally by test/deploy`;
    }
  });

  beforeEach(async (context) => {
    if (unavailable !== undefined) context.skip(unavailable);
    // Reset first: moto forgets the assumed-role keys with everything else.
    await resetEmulator(endpoint);
    const { Credentials: issued } = await client(STSClient).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${MEMBER_ACCOUNT}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'stackset-test',
      }),
    );
    memberCredentials = {
      accessKeyId: issued?.AccessKeyId ?? '',
      secretAccessKey: issued?.SecretAccessKey ?? '',
      sessionToken: issued?.SessionToken ?? '',
    };
  });

  afterAll(() => {
    for (const c of clients) c.destroy();
  });

  it('deploys in a member account: six forwarding rules, their DLQ and alarms topic, and the three roles', async () => {
    // Act
    const status = await deploy(memberCredentials);

    // Assess
    expect(status).toBe('CREATE_COMPLETE');
    expect(await createdResources(memberCredentials)).toEqual(
      expect.arrayContaining([
        'EventForwarderRole AWS::IAM::Role',
        'ForwardBasicScanCompletedRule AWS::Events::Rule',
        'ForwardEnhancedScanCompletedRule AWS::Events::Rule',
        'ForwardFindingChangedRule AWS::Events::Rule',
        'ForwardImagePushedRule AWS::Events::Rule',
        'ForwardRepositoryActionsRule AWS::Events::Rule',
        'ForwardRepositoryApiCallsRule AWS::Events::Rule',
        'ForwardingAlarmTopic AWS::SNS::Topic',
        'ForwardingDlq AWS::SQS::Queue',
        'ReaderRole AWS::IAM::Role',
        'RemediationRole AWS::IAM::Role',
      ]),
    );
  });

  it('creates ecr-guard-remediation in the member account, trusting the central roles from the organization', async () => {
    // Prepare
    await deploy(memberCredentials);
    const iam = client(IAMClient, memberCredentials);

    // Act
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'ecr-guard-remediation' }));
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({ RoleName: 'ecr-guard-remediation', PolicyName: 'ecr-guard' }),
    );

    // Assess
    expect(Role?.Arn).toBe(`arn:aws:iam::${MEMBER_ACCOUNT}:role/ecr-guard-remediation`);
    const trust = JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? '{}'));
    expect(trust.Statement).toEqual([
      {
        Sid: 'CentralEnforcement',
        Effect: 'Allow',
        Principal: { AWS: CENTRAL_ROLES },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        Condition: {
          StringEquals: {
            'aws:PrincipalOrgID': 'o-exampleorg1',
            'aws:PrincipalAccount': CENTRAL_ACCOUNT,
          },
          StringLike: { 'sts:RoleSessionName': 'ecr-guard-*', 'sts:SourceIdentity': 'ecr-guard-*' },
        },
      },
    ]);
    // moto returns the inline policy of a CloudFormation role as a Python literal, not JSON.
    expect(decodeURIComponent(PolicyDocument ?? '')).toContain(
      `arn:aws:ecr:*:${MEMBER_ACCOUNT}:repository/*`,
    );
  });

  it('creates ecr-guard-reader in the member account, trusting only the alert path’s role', async () => {
    // Prepare
    await deploy(memberCredentials);
    const iam = client(IAMClient, memberCredentials);

    // Act
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'ecr-guard-reader' }));

    // Assess
    const trust = JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? '{}'));
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Principal: { AWS: READER_ROLES },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      }),
    ]);
  });

  it('points every rule at the central bus, through the forwarding role', async () => {
    // Prepare
    await deploy(memberCredentials);
    const events = client(EventBridgeClient, memberCredentials);

    // Act
    const { Rules = [] } = await events.send(new ListRulesCommand({ NamePrefix: 'ecr-guard-' }));
    const targets = await Promise.all(
      Rules.map((rule) => events.send(new ListTargetsByRuleCommand({ Rule: rule.Name }))),
    );

    // Assess
    expect(Rules.map((rule) => JSON.parse(rule.EventPattern ?? '{}'))).toEqual(
      Object.values(centralEventPatterns()),
    );
    for (const { Targets } of targets) {
      expect(Targets).toEqual([
        expect.objectContaining({
          Id: 'central-ecr-guard-bus',
          Arn: CENTRAL_BUS_ARN,
          RoleArn: `arn:aws:iam::${MEMBER_ACCOUNT}:role/ecr-guard-event-forwarder`,
          DeadLetterConfig: {
            Arn: `arn:aws:sqs:${REGION}:${MEMBER_ACCOUNT}:ecr-guard-forwarding-dlq`,
          },
        }),
      ]);
    }
  });

  describe('forwarding to the central bus', () => {
    let central: RoutingBench;

    beforeEach(async () => {
      await deploy(memberCredentials);
      central = await createRoutingBench(
        { endpoint, region: REGION },
        'ecr-guard',
        centralEventPatterns(),
      );
    });

    afterAll(() => {
      central?.destroy();
    });

    it.each([
      ['ecr-image-action-push-success.aws-docs.json', ['imagePushed']],
      ['cloudtrail-record-ecr-createrepository.aws-docs.json', ['repositoryApiCalls']],
      ['ecr-image-scan-complete-with-findings.aws-docs.json', ['basicScanCompleted']],
      ['inspector2-scan-ecr-initial-scan-complete.aws-ecr-docs.json', ['enhancedScanCompleted']],
      ['ecr-image-action-delete-success.aws-docs.json', []],
      ['ecr-replication-action-success.aws-docs.json', ['repositoryActions']],
      ['ecr-replication-action-failed.aws-docs.json', ['repositoryActions']],
      ['ecr-pull-through-cache-action-success.aws-docs.json', ['repositoryActions']],
      ['ecr-scan-resource-change-scan-frequency.aws-docs.json', ['repositoryActions']],
      ['ecr-referrer-action-restore-sbom.aws-docs.json', []],
      ['inspector2-finding-ecr-package-vulnerability-openssl.aws-inspector-docs.json', []],
      // Inspector2 Finding (findingChanged) matches on the event's `resources`, which moto 5.2
      // drops when it forwards an event to another bus (moto/events/models.py,
      // send_to_targets, rebuilds it from source, detail-type and detail): its routing is
      // held by test/integration/event-patterns.test.ts on the bus itself, and the member rule
      // equal to the central one above.
      ['inspector2-coverage-ec2-instance-inactive.aws-inspector-docs.json', []],
    ])(
      'forwards %s from the member’s default bus to %j on the central bus',
      async (name, expected) => {
        // Prepare
        const events = client(EventBridgeClient, memberCredentials);

        // Act
        await events.send(
          new PutEventsCommand({
            Entries: [putEventsEntry(loadEventBridgeFixture(name), 'default')],
          }),
        );

        // Assess
        expect(await central.arrivals()).toEqual(expected);
      },
    );
  });

  it('creates only its rules in the member account’s other regions (IAM roles are global)', async () => {
    // Act
    const status = await deploy(memberCredentials, 'eu-west-1');

    // Assess
    expect(status).toBe('CREATE_COMPLETE');
    expect(await createdResources(memberCredentials, 'eu-west-1')).toEqual([
      'ForwardBasicScanCompletedRule AWS::Events::Rule',
      'ForwardEnhancedScanCompletedRule AWS::Events::Rule',
      'ForwardFindingChangedRule AWS::Events::Rule',
      'ForwardImagePushedRule AWS::Events::Rule',
      'ForwardRepositoryActionsRule AWS::Events::Rule',
      'ForwardRepositoryApiCallsRule AWS::Events::Rule',
      'ForwardingAlarmTopic AWS::SNS::Topic',
      'ForwardingDlq AWS::SQS::Queue',
    ]);
  });

  it('creates no forwarding and no remediation role in the central bus’s region of the central account', async () => {
    // Act
    const status = await deploy(TEST_CREDENTIALS);

    // Assess
    expect(status).toBe('CREATE_COMPLETE');
    // moto lists the resources a condition left out (and the placeholder, a type it does not
    // model) without name nor type: only the forwarding role (global region) is real.
    expect(await createdResources(TEST_CREDENTIALS)).toEqual(['EventForwarderRole AWS::IAM::Role']);
    const { Rules } = await client(EventBridgeClient).send(new ListRulesCommand({}));
    expect(Rules).toEqual([]);
    await expect(
      client(IAMClient).send(new GetRoleCommand({ RoleName: 'ecr-guard-remediation' })),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('forwards the central account’s events of its other regions to the central bus', async () => {
    // Prepare
    await deploy(TEST_CREDENTIALS, 'eu-west-1');
    const central = await createRoutingBench(
      { endpoint, region: REGION },
      'ecr-guard',
      centralEventPatterns(),
    );
    const events = client(EventBridgeClient, TEST_CREDENTIALS, 'eu-west-1');

    // Act
    await events.send(
      new PutEventsCommand({
        Entries: [
          putEventsEntry(
            loadEventBridgeFixture('ecr-image-action-push-success.aws-docs.json'),
            'default',
          ),
        ],
      }),
    );

    // Assess
    expect(await createdResources(TEST_CREDENTIALS, 'eu-west-1')).toHaveLength(8);
    expect(await central.arrivals()).toEqual(['imagePushed']);
    central.destroy();
  });
});
