/**
 * deploy/member-account.yml, checked structurally against the central stack and the code:
 * it forwards exactly what the central rules match, its role trusts only the central
 * functions' roles, and it allows exactly the ECR calls ecr-guard makes. (Its deployment and
 * routing on the emulator are in test/integration/member-account-template.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { MEMBER_ROLE_NAME } from '#lib/aws/index.ts';
import { enforcementActions } from '#lib/controls/index.ts';
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
} from '../support/iam-policies.ts';

const MEMBER_TEMPLATE_PATH = join(SERVICE_DIR, 'deploy/member-account.yml');

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
      'CentralAccountId',
      'CentralEventBusArn',
      'CentralFunctionRoleArns',
      'GlobalResourcesRegion',
      'OrganizationId',
    ]);
  });

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
        },
      ]);
    }
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

  it('names the remediation role as the central functions expect it', () => {
    // Assess
    expect(member.Resources.RemediationRole?.Properties?.RoleName).toBe(MEMBER_ROLE_NAME);
    expect(member.Resources.RemediationRole?.Properties?.MaxSessionDuration).toBe(3600);
  });

  it('trusts only the central functions’ roles, and only from the organization', () => {
    // Assess
    expect(member.Resources.RemediationRole?.Properties?.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: { Ref: 'CentralFunctionRoleArns' } },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
        },
      ],
    });
  });

  it('allows exactly the ECR, Inspector, ECS, Lambda and Security Hub calls the central functions make there', () => {
    // Prepare
    const central = readPackagedTemplate(packaged.outDir);
    const centralRegistryActions = new Set([
      ...registryActions(roleActions(central, 'EnforceRepositoryRole')),
      ...registryActions(roleActions(central, 'ReportFindingsRole')),
      // The sweep imports each account's findings into its Security Hub, as that account.
      ...roleActions(central, 'SweepWorkerRole').filter((a) => a.startsWith('securityhub:')),
    ]);

    // Assess
    expect(roleActions(member, 'RemediationRole')).toEqual([...centralRegistryActions].sort());
    expect(roleActions(member, 'RemediationRole')).toEqual(
      expect.arrayContaining(enforcementActions()),
    );
  });

  it('scopes repository, ECS and Lambda actions to the account’s own, and grants nothing with a wildcard', () => {
    // The resource each service's scoped actions act on, in this account only.
    const own: Record<string, string> = {
      ecr: 'repository/*',
      'ecs:DescribeServices': 'service/*',
      'ecs:DescribeTasks': 'task/*',
      lambda: 'function:*',
    };
    for (const statement of roleStatements(member, 'RemediationRole')) {
      const resources = resourcesOf(statement);
      if (resources.includes('*')) {
        expect(actionsOf(statement).filter((a) => !ACTIONS_ONLY_ON_STAR.has(a))).toEqual([]);
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
    for (const { statements } of allPolicyDocuments(member)) {
      for (const action of statements.flatMap(actionsOf)) {
        expect(action).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
      }
    }
  });

  it('creates the global IAM roles in one region only, and no remediation role in the central account', () => {
    // Assess
    expect(member.Resources.EventForwarderRole?.Condition).toBe('IsGlobalResourcesRegion');
    expect(member.Resources.RemediationRole?.Condition).toBe('CreateRemediationRole');
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
