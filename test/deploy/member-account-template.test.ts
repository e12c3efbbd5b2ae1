/**
 * deploy/member-account.yml, checked structurally against the central stack and the code:
 * it forwards exactly what the central rules match (and keeps what the central bus refuses,
 * with alarms), its two roles trust only the exact central roles of their functions, and
 * allow exactly the calls those functions make there. (Its deployment and routing on the
 * emulator are in test/integration/member-account-template.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { MEMBER_ROLE_NAME, READER_ROLE_NAME, SESSION_NAME_PREFIX } from '#lib/aws/index.ts';
import { registryWriteActions } from '#lib/controls/index.ts';
import {
  readPackagedTemplate,
  SERVICE_DIR,
  type Template,
} from '../../harness/serverless-package.ts';
import {
  ACTIONS_ONLY_ON_STAR,
  actionsOf,
  allPolicyDocuments,
  registryActions,
  resourcesOf,
  resourcesOfType,
  roleActions,
  roleStatements,
  type Statement,
  withParameterValues,
} from '../support/iam-policies.ts';

const MEMBER_TEMPLATE_PATH = join(SERVICE_DIR, 'deploy/member-account.yml');

/** A member account's stack, in its global-resources region, with these registry writes. */
function memberStack(template: Template, registryWrites: readonly string[]): Template {
  return withParameterValues(template, {
    'AWS::AccountId': '222222222222',
    'AWS::Region': 'us-east-1',
    CentralAccountId: '111111111111',
    CentralEventBusArn: 'arn:aws:events:eu-west-1:111111111111:event-bus/ecr-guard',
    GlobalResourcesRegion: 'us-east-1',
    RegistryWrites: registryWrites,
    AlarmEmail: '',
  });
}

/** The trust of a member role: the exact central roles, from the central account, named sessions. */
function trustOf(principalParameter: string): unknown {
  return {
    Version: '2012-10-17',
    Statement: [
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { AWS: { Ref: principalParameter } },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        Condition: {
          StringEquals: {
            'aws:PrincipalOrgID': { Ref: 'OrganizationId' },
            'aws:PrincipalAccount': { Ref: 'CentralAccountId' },
          },
          StringLike: {
            'sts:RoleSessionName': `${SESSION_NAME_PREFIX}*`,
            'sts:SourceIdentity': `${SESSION_NAME_PREFIX}*`,
          },
        },
      }),
    ],
  };
}

const FORWARDING_RULES = [
  'ForwardImagePushedRule',
  'ForwardRepositoryApiCallsRule',
  'ForwardRepositoryActionsRule',
  'ForwardBasicScanCompletedRule',
  'ForwardEnhancedScanCompletedRule',
  'ForwardFindingChangedRule',
];

interface Serverless {
  custom: { eventPatterns: Record<string, unknown>; forwarderRoleName: string };
}

describe('Template: deploy/member-account.yml', () => {
  const packaged = inject('packagedService');
  const member = parse(readFileSync(MEMBER_TEMPLATE_PATH, 'utf8')) as Template;
  const serverless = parse(readFileSync(join(SERVICE_DIR, 'serverless.yml'), 'utf8')) as Serverless;

  it('takes the central bus, account, roles and organization as parameters', () => {
    // Assess
    expect(Object.keys(member.Parameters ?? {}).sort()).toEqual([
      'AlarmEmail',
      'CentralAccountId',
      'CentralEventBusArn',
      'CentralFunctionRoleArns',
      'CentralReaderRoleArns',
      'GlobalResourcesRegion',
      'OrganizationId',
      'RegistryWrites',
    ]);
  });

  it.each(['CentralFunctionRoleArns', 'CentralReaderRoleArns'])(
    'refuses in %s anything but exact role ARNs ("*", an account root, a user)',
    (name) => {
      // Prepare
      const pattern = new RegExp(member.Parameters?.[name]?.AllowedPattern ?? '(?:)');

      // Assess: CloudFormation matches the pattern against each item of the list.
      expect(
        pattern.test('arn:aws:iam::111111111111:role/ecr-guard-prod-eu-west-1-enforce-repository'),
      ).toBe(true);
      expect(pattern.test('arn:aws-us-gov:iam::111111111111:role/ecr-guard-x')).toBe(true);
      for (const refused of [
        '*',
        'arn:aws:iam::111111111111:root',
        'arn:aws:iam::*:role/ecr-guard-x',
        'arn:aws:iam::111111111111:role/*',
        'arn:aws:iam::111111111111:user/mary',
        '111111111111',
        '',
      ]) {
        expect(pattern.test(refused), refused).toBe(false);
      }
    },
  );

  it('forwards exactly what the central rules match, one rule per trigger', () => {
    // Prepare
    const rules = resourcesOfType(member, 'AWS::Events::Rule').map(([, r]) => r);

    // Assess
    expect(rules.map((r) => r.Properties?.EventPattern)).toEqual(
      Object.values(serverless.custom.eventPatterns),
    );
    for (const rule of rules) {
      expect(rule.Condition).toBe('ForwardsEvents');
      expect(rule.Properties?.EventBusName).toBeUndefined();
      expect(rule.Properties?.Targets).toEqual([
        {
          Id: 'central-ecr-guard-bus',
          Arn: { Ref: 'CentralEventBusArn' },
          RoleArn: {
            'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${serverless.custom.forwarderRoleName}`,
          },
          // A put the central bus refuses is retried for a day, then kept in the region's DLQ.
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['ForwardingDlq', 'Arn'] } },
        },
      ]);
    }
    expect(resourcesOfType(member, 'AWS::Events::Rule').map(([id]) => id)).toEqual(
      FORWARDING_RULES,
    );
  });

  it('keeps what the central bus refuses in a DLQ per region that admits exactly the forwarding rules, over TLS', () => {
    // Prepare
    const [statements] = allPolicyDocuments({
      Resources: { p: member.Resources.ForwardingDlqPolicy ?? { Type: '' } },
    }).map((d) => d.statements);
    const ruleArns = FORWARDING_RULES.map((id) => ({
      'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${member.Resources[id]?.Properties?.Name}`,
    }));

    // Assess
    expect(member.Resources.ForwardingDlq).toMatchObject({
      Condition: 'ForwardsEvents',
      Properties: { MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true },
    });
    expect(member.Resources.ForwardingDlqPolicy?.Condition).toBe('ForwardsEvents');
    expect(statements).toEqual([
      {
        Sid: 'ForwardingRules',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': ['ForwardingDlq', 'Arn'] },
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArns } },
      },
      {
        Sid: 'RequireTls',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: { 'Fn::GetAtt': ['ForwardingDlq', 'Arn'] },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it.each(['FailedInvocations', 'InvocationsSentToDlq'])(
    'alarms on the %s of every forwarding rule, to the forwarding alarms topic',
    (metric) => {
      // Prepare
      const alarm = resourcesOfType(member, 'AWS::CloudWatch::Alarm')
        .map(([, a]) => a)
        .find((a) =>
          (a.Properties?.Metrics as { MetricStat?: { Metric: { MetricName: string } } }[])?.some(
            (m) => m.MetricStat?.Metric.MetricName === metric,
          ),
        );
      const metrics = (alarm?.Properties?.Metrics ?? []) as {
        Expression?: string;
        ReturnData: boolean;
        MetricStat?: {
          Stat: string;
          Metric: { Namespace: string; MetricName: string; Dimensions: unknown };
        };
      }[];

      // Assess
      expect(alarm?.Condition).toBe('ForwardsEvents');
      expect(metrics.filter((m) => m.ReturnData)).toEqual([
        expect.objectContaining({ Expression: 'SUM(METRICS())' }),
      ]);
      expect(
        metrics.filter((m) => m.MetricStat !== undefined).map((m) => m.MetricStat?.Metric),
      ).toEqual(
        FORWARDING_RULES.map((id) => ({
          Namespace: 'AWS/Events',
          MetricName: metric,
          Dimensions: [{ Name: 'RuleName', Value: { Ref: id } }],
        })),
      );
      expect(alarm?.Properties).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: 'ForwardingAlarmTopic' }],
      });
    },
  );

  it('alarms on any event waiting in the DLQ, and lets only its own alarms publish to the topic, over TLS', () => {
    // Prepare
    const [statements] = allPolicyDocuments({
      Resources: { p: member.Resources.ForwardingAlarmTopicPolicy ?? { Type: '' } },
    }).map((d) => d.statements);
    const alarmNames = resourcesOfType(member, 'AWS::CloudWatch::Alarm').map(
      ([, a]) => a.Properties?.AlarmName,
    );

    // Assess
    expect(member.Resources.ForwardingDlqDepthAlarm?.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['ForwardingDlq', 'QueueName'] } }],
      Threshold: 1,
      AlarmActions: [{ Ref: 'ForwardingAlarmTopic' }],
    });
    expect(statements).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Sub': `arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:ecr-guard-forwarding-*`,
            },
          },
        },
      }),
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ]);
    for (const name of alarmNames) expect(String(name)).toMatch(/^ecr-guard-forwarding-/);
  });

  it('lets EventBridge, and only this account’s, put events on the central bus and nothing else', () => {
    // Prepare
    const role = member.Resources.EventForwarderRole;

    // Assess
    expect(role?.Properties?.RoleName).toBe(serverless.custom.forwarderRoleName);
    expect(role?.Properties?.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    });
    expect(roleStatements(member, 'EventForwarderRole')).toEqual([
      expect.objectContaining({
        Action: 'events:PutEvents',
        Resource: { Ref: 'CentralEventBusArn' },
      }),
    ]);
  });

  it('names the member roles as the central functions expect them', () => {
    // Assess
    expect(member.Resources.RemediationRole?.Properties?.RoleName).toBe(MEMBER_ROLE_NAME);
    expect(member.Resources.ReaderRole?.Properties?.RoleName).toBe(READER_ROLE_NAME);
    expect(member.Resources.RemediationRole?.Properties?.MaxSessionDuration).toBe(3600);
    expect(member.Resources.ReaderRole?.Properties?.MaxSessionDuration).toBe(3600);
  });

  it('lets only enforcement and the sweep assume the remediation role: the exact roles, from the central account, in ecr-guard sessions with a source identity', () => {
    // Assess
    expect(member.Resources.RemediationRole?.Properties?.AssumeRolePolicyDocument).toEqual(
      trustOf('CentralFunctionRoleArns'),
    );
  });

  it('lets only the alert path assume the read-only role, on the same conditions', () => {
    // Assess
    expect(member.Resources.ReaderRole?.Properties?.AssumeRolePolicyDocument).toEqual(
      trustOf('CentralReaderRoleArns'),
    );
  });

  it('names every central session and source identity as the trust policies require', () => {
    // Prepare
    const central = readPackagedTemplate(packaged.outDir);
    const functionNames = resourcesOfType(central, 'AWS::Lambda::Function').map(([, fn]) =>
      String(fn.Properties?.FunctionName),
    );

    // Assess: the functions' source identity is their name (AWS_LAMBDA_FUNCTION_NAME).
    for (const name of functionNames) expect(name.startsWith(SESSION_NAME_PREFIX), name).toBe(true);
  });

  it('allows the remediation role exactly the calls enforcement and the sweep make there, no registry-wide write by default', () => {
    // Prepare
    const central = readPackagedTemplate(packaged.outDir);
    const expected = new Set([
      ...registryActions(roleActions(central, 'EnforceRepositoryRole')),
      ...registryActions(roleActions(central, 'SweepWorkerRole')),
      // The sweep imports each account's findings into its Security Hub, as that account.
      ...roleActions(central, 'SweepWorkerRole').filter((a) => a.startsWith('securityhub:')),
    ]);

    // Assess
    expect(roleActions(memberStack(member, ['none']), 'RemediationRole')).toEqual(
      [...expected].sort(),
    );
    for (const write of registryWriteActions()) {
      expect(roleActions(memberStack(member, ['none']), 'RemediationRole')).not.toContain(write);
    }
  });

  it('grants a registry-wide write only when RegistryWrites names it (the central standard enables it)', () => {
    // Prepare
    const central = readPackagedTemplate(packaged.manageRegistryOutDir);
    const writes = String(central.Outputs?.MemberRegistryWrites?.Value).split(',');
    const managing = memberStack(member, writes);

    // Assess
    expect(writes).toEqual(['ecr:PutAccountSetting', 'ecr:PutRegistryScanningConfiguration']);
    expect(roleActions(managing, 'RemediationRole')).toEqual(expect.arrayContaining(writes));
    expect(roleStatements(managing, 'RemediationRole')).toContainEqual({
      Sid: 'RegistryWrites',
      Effect: 'Allow',
      Action: writes,
      Resource: '*',
    });
  });

  it('admits in RegistryWrites exactly the registry-wide writes the controls declare, or none', () => {
    // Prepare
    const pattern = member.Parameters?.RegistryWrites?.AllowedPattern;

    // Assess
    expect(pattern).toBe(`^(none|${registryWriteActions().join('|')})$`);
    expect(member.Parameters?.RegistryWrites?.Default).toBe('none');
  });

  it('allows the read-only role exactly the reads the alert path makes there, and no write', () => {
    // Prepare
    const central = readPackagedTemplate(packaged.outDir);
    const reads = roleActions(member, 'ReaderRole');

    // Assess
    expect(reads).toEqual(registryActions(roleActions(central, 'ReportFindingsRole')));
    for (const action of reads) expect(action).toMatch(/:(Describe|List|Get)/);
  });

  it('scopes repository, ECS and Lambda actions to the account’s own, and grants nothing with a wildcard', () => {
    // The resource each service's scoped actions act on, in this account only.
    const own: Record<string, string> = {
      ecr: 'repository/*',
      'ecs:DescribeServices': 'service/*',
      'ecs:DescribeTasks': 'task/*',
      lambda: 'function:*',
    };
    const statements: Statement[] = [
      ...roleStatements(memberStack(member, registryWriteActions()), 'RemediationRole'),
      ...roleStatements(member, 'ReaderRole'),
    ];
    for (const statement of statements) {
      const resources = resourcesOf(statement);
      if (resources.includes('*')) {
        // Besides what IAM takes on "*" only: the actions ECR requires of a registry-wide write
        // (ecr:CreateRepository of a creation template's writer), granted where it is.
        const registryWrites = new Set(registryWriteActions());
        expect(
          actionsOf(statement).filter(
            (a) => !ACTIONS_ONLY_ON_STAR.has(a) && !registryWrites.has(a),
          ),
        ).toEqual([]);
        continue;
      }
      if (actionsOf(statement).every((a) => a.startsWith('securityhub:'))) {
        // Only this account's own Security Hub: its default product, its hub.
        expect(resources).toEqual([
          {
            'Fn::Sub': expect.stringMatching(
              /^arn:\$\{AWS::Partition\}:securityhub:\*:\$\{AWS::AccountId\}:(product\/\$\{AWS::AccountId\}\/default|hub\/default)$/,
            ),
          },
        ]);
        continue;
      }
      for (const action of actionsOf(statement)) {
        const service = action.slice(0, action.indexOf(':'));
        const tail = own[action] ?? own[service];
        expect(tail, action).toBeDefined();
        expect(resources).toEqual([
          { 'Fn::Sub': `arn:\${AWS::Partition}:${service}:*:\${AWS::AccountId}:${tail}` },
        ]);
      }
    }
    for (const { where, statements } of allPolicyDocuments(member)) {
      // A Deny may be broad (the DLQ refuses every call without TLS).
      for (const action of statements.filter((st) => st.Effect === 'Allow').flatMap(actionsOf)) {
        expect(action, where).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
      }
    }
  });

  it('creates the global IAM roles in one region only, and no remediation role in the central account', () => {
    // Assess
    expect(member.Resources.EventForwarderRole?.Condition).toBe('IsGlobalResourcesRegion');
    expect(member.Resources.RemediationRole?.Condition).toBe('CreateRemediationRole');
    expect(member.Resources.ReaderRole?.Condition).toBe('CreateRemediationRole');
    expect(member.Conditions?.CreateRemediationRole).toEqual({
      'Fn::And': [{ Condition: 'IsMemberAccount' }, { Condition: 'IsGlobalResourcesRegion' }],
    });
    expect(member.Conditions?.IsGlobalResourcesRegion).toEqual({
      'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'GlobalResourcesRegion' }],
    });
  });

  it('forwards everywhere but in the central bus’s region of the central account (its default bus has the rules)', () => {
    // Assess
    expect(member.Conditions?.ForwardsEvents).toEqual({
      'Fn::Not': [{ Condition: 'HandledCentrally' }],
    });
    expect(member.Conditions?.HandledCentrally).toEqual({
      'Fn::And': [{ Condition: 'IsCentralAccount' }, { Condition: 'IsCentralBusRegion' }],
    });
    const unconditional = Object.entries(member.Resources).filter(
      ([, r]) => r.Condition === undefined,
    );
    expect(unconditional).toEqual([]);
  });

  it('passes cfn-lint, when it is installed', (context) => {
    try {
      execFileSync('cfn-lint', ['--version']);
    } catch {
      context.skip('cfn-lint is not installed');
      return;
    }
    expect(() =>
      execFileSync('cfn-lint', ['--', MEMBER_TEMPLATE_PATH], { encoding: 'utf8' }),
    ).not.toThrow();
  });
});
