/**
 * The central stack as `serverless package` generates it (offline, in the global setup):
 * rules for every trigger, least privilege, encryption, failure handling, alarms, outputs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { DEDUPE_KEY_ATTRIBUTE, DEDUPE_TTL_ATTRIBUTE } from '#lib/alerts/index.ts';
import { METRICS_NAMESPACE, SLACK_ROUTE_REFUSED_METRIC } from '#lib/app/index.ts';
import { MEMBER_ROLE_NAME, SESSION_NAME_PREFIX } from '#lib/aws/index.ts';
import { enforcementActions } from '#lib/controls/index.ts';
import { DRIFT_EVENT_NAMES } from '#lib/events/index.ts';
import {
  type FunctionArtifact,
  readArtifactFile,
  readArtifacts,
  readPackagedTemplate,
  SERVICE_DIR,
  type Template,
} from '../../harness/serverless-package.ts';
import {
  ACTIONS_ONLY_ON_STAR,
  actionsOf,
  allPolicyDocuments,
  awsCallsIn,
  registryActions,
  resourcesOf,
  resourcesOfType,
  roleActions,
  roleStatements,
  type Statement,
} from '../support/iam-policies.ts';
import { PACKAGE_PARAMETERS } from '../support/package-global-setup.ts';

const { stage, region, organizationId } = PACKAGE_PARAMETERS;
const PREFIX = `ecr-guard-${stage}`;

interface Serverless {
  custom: {
    eventPatterns: Record<string, unknown>;
    memberRoleName: string;
    forwarderRoleName: string;
  };
}
const SERVERLESS = parse(readFileSync(join(SERVICE_DIR, 'serverless.yml'), 'utf8')) as Serverless;
const PATTERNS = SERVERLESS.custom.eventPatterns;

/** ecr-guard's own sessions in member accounts: the member role, a session named ecr-guard-…. */
const MEMBER_SESSIONS = `arn:*:sts::*:assumed-role/${MEMBER_ROLE_NAME}/${SESSION_NAME_PREFIX}*`;

/** The central roles that write to ECR, by exact ARN (their calls are ecr-guard's own). */
const OWN_ROLE_ARNS = ['enforce-repository', 'sweep-worker'].map((fn) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${PREFIX}-${region}-${fn}`,
}));

/** The pattern of a trigger on a bus: the central account's own calls drop the central roles'. */
function patternOn(pattern: string, bus: 'central' | 'default'): unknown {
  const shared = PATTERNS[pattern] as { detail: Record<string, unknown> };
  if (pattern !== 'repositoryApiCalls' || bus === 'central') return shared;
  const notMemberSession = { arn: [{ 'anything-but': { wildcard: MEMBER_SESSIONS } }] };
  return {
    ...shared,
    detail: {
      ...shared.detail,
      $or: [
        { userIdentity: { arn: [{ exists: false }] } },
        {
          userIdentity: {
            ...notMemberSession,
            sessionContext: { sessionIssuer: { arn: [{ exists: false }] } },
          },
        },
        {
          userIdentity: {
            ...notMemberSession,
            sessionContext: { sessionIssuer: { arn: [{ 'anything-but': OWN_ROLE_ARNS }] } },
          },
        },
      ],
    },
  };
}

/** The functions, their logical ids and the CloudFormation resources that belong to them. */
const FUNCTIONS = [
  {
    name: 'enforce-repository',
    logicalId: 'EnforceDashrepositoryLambdaFunction',
    role: 'EnforceRepositoryRole',
    failureQueue: 'EnforceRepositoryFailureQueue',
    actsInMemberAccounts: true,
  },
  {
    name: 'report-findings',
    logicalId: 'ReportDashfindingsLambdaFunction',
    role: 'ReportFindingsRole',
    failureQueue: 'ReportFindingsFailureQueue',
    actsInMemberAccounts: true,
  },
  {
    name: 'notify-slack',
    logicalId: 'NotifyDashslackLambdaFunction',
    role: 'NotifySlackRole',
    failureQueue: 'NotifySlackFailureQueue',
    actsInMemberAccounts: false,
  },
  {
    name: 'sweep',
    logicalId: 'SweepLambdaFunction',
    role: 'SweepRole',
    failureQueue: 'SweepFailureQueue',
    actsInMemberAccounts: false,
  },
  {
    name: 'sweep-worker',
    logicalId: 'SweepDashworkerLambdaFunction',
    role: 'SweepWorkerRole',
    // Invoked by its SQS event source, not asynchronously: failed jobs go to the queue's DLQ.
    failureQueue: undefined,
    actsInMemberAccounts: true,
  },
] as const;

/** The queues that hold work by design (sweep jobs, handed-back alerts): alarmed on age. */
const WORK_QUEUES = new Set(['SweepQueue', 'NotifySlackRetryQueue', 'FindingEventsQueue']);

/** The environment variables of a function, as the template sets them. */
function environmentOf(template: Template, logicalId: string): Record<string, unknown> {
  const environment = template.Resources[logicalId]?.Properties?.Environment as
    | { Variables?: Record<string, unknown> }
    | undefined;
  return environment?.Variables ?? {};
}

/** A repository ARN pattern of this account, as the roles spell it (CloudFormation Fn::Sub). */
const OWN_REPOSITORIES = {
  'Fn::Sub': `arn:\${AWS::Partition}:ecr:*:\${AWS::AccountId}:repository/*`,
};

/** What Lambda itself does with a function's role: write its logs, send to its failure queue. */
const RUNTIME_ACTIONS = new Set([
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'sqs:SendMessage',
  // Lambda's SQS event source, with sweep-worker's role.
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:ReceiveMessage',
]);

/** Every trigger (docs/ARCHITECTURE.md, section 3) that EventBridge delivers. */
const TRIGGERS = [
  { pattern: 'imagePushed', function: 'EnforceDashrepositoryLambdaFunction' },
  { pattern: 'repositoryApiCalls', function: 'EnforceDashrepositoryLambdaFunction' },
  { pattern: 'basicScanCompleted', function: 'ReportDashfindingsLambdaFunction' },
  { pattern: 'enhancedScanCompleted', function: 'ReportDashfindingsLambdaFunction' },
] as const;

interface Rule {
  Name: string;
  EventBusName?: unknown;
  EventPattern: unknown;
  Targets: {
    Arn: unknown;
    RetryPolicy?: { MaximumEventAgeInSeconds: number; MaximumRetryAttempts: number };
    DeadLetterConfig?: { Arn: unknown };
  }[];
}

describe('Stack: central (serverless.yml, packaged offline)', () => {
  const packaged = inject('packagedService');
  let template: Template;
  let artifacts: FunctionArtifact[];
  let rules: Rule[];

  beforeAll(() => {
    template = readPackagedTemplate(packaged.outDir);
    artifacts = readArtifacts(packaged.outDir);
    // Event-pattern rules; the sweep's schedule rule is checked with the sweep.
    rules = resourcesOfType(template, 'AWS::Events::Rule')
      .map(([, r]) => r.Properties as unknown as Rule)
      .filter((r) => r.EventPattern !== undefined);
  });

  describe('Packaging', () => {
    it('packages offline, without any parameter, as `npm run package` does', () => {
      // Assess
      const bare = readPackagedTemplate(packaged.bareOutDir);
      expect(bare.Parameters?.OrganizationId?.Default).toBe('');
      expect(bare.Parameters?.OrganizationId?.AllowedPattern).toBe('^o-[a-z0-9]{10,32}$');
      expect(
        readArtifacts(packaged.bareOutDir)
          .map((a) => a.name)
          .sort(),
      ).toEqual(FUNCTIONS.map((f) => f.name).sort());
    });

    it('takes the stage, the region and the organization id as parameters', () => {
      // Assess
      const fn = template.Resources.EnforceDashrepositoryLambdaFunction;
      expect(fn?.Properties?.FunctionName).toBe(`${PREFIX}-enforce-repository`);
      expect(template.Resources.EnforceRepositoryRole?.Properties?.RoleName).toBe(
        `${PREFIX}-${region}-enforce-repository`,
      );
      expect(template.Parameters?.OrganizationId?.Default).toBe(organizationId);
    });

    it.each(FUNCTIONS.map((f) => [f.name]))(
      'bundles %s on its own: one minified ESM file with its source map',
      (name) => {
        // Prepare
        const artifact = artifacts.find((a) => a.name === name);

        // Assess
        expect(artifact).toBeDefined();
        if (artifact === undefined) return;
        const bundles = [...artifact.entries.keys()].filter((path) => path.endsWith('.mjs'));
        expect(bundles).toEqual([`functions/${name}.mjs`]);
        // The standard, validated and compiled to JSON at package time; no YAML parser bundled.
        expect([...artifact.entries.keys()]).toContain('.build/ecr-guard.json');
        expect(readArtifactFile(artifact, `functions/${name}.mjs`)).not.toContain('yaml.alias');
        const code = readArtifactFile(artifact, `functions/${name}.mjs`);
        expect(code).toMatch(/\bexport\s*\{/);
        // Minified: long lines (what is left of line breaks is inside template literals).
        expect(code.length / code.split('\n').length).toBeGreaterThan(400);
        expect(artifact.entries.get(`functions/${name}.mjs`) ?? 0).toBeLessThanOrEqual(250 * 1024);
        process.stderr.write(
          `bundle ${name}: ${Math.round((artifact.entries.get(`functions/${name}.mjs`) ?? 0) / 1024)} KB minified, zip ${Math.round(artifact.zipBytes / 1024)} KB\n`,
        );
      },
    );

    it('runs on nodejs22.x, arm64, with the role of each function and no shared one', () => {
      // Assess
      for (const fn of FUNCTIONS) {
        const properties = template.Resources[fn.logicalId]?.Properties;
        expect(properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Role: { 'Fn::GetAtt': [fn.role, 'Arn'] },
        });
      }
      expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
      expect(
        resourcesOfType(template, 'AWS::IAM::Role')
          .map(([id]) => id)
          .sort(),
      ).toEqual(FUNCTIONS.map((f) => f.role).sort());
    });
  });

  describe('Event rules', () => {
    it('matches exactly the triggers of docs/ARCHITECTURE.md', () => {
      // Assess
      expect(PATTERNS).toEqual({
        imagePushed: {
          source: ['aws.ecr'],
          'detail-type': ['ECR Image Action'],
          detail: { 'action-type': ['PUSH'], result: ['SUCCESS'] },
        },
        repositoryApiCalls: {
          source: ['aws.ecr'],
          'detail-type': ['AWS API Call via CloudTrail'],
          detail: {
            eventSource: ['ecr.amazonaws.com'],
            eventName: ['CreateRepository', ...DRIFT_EVENT_NAMES],
            errorCode: [{ exists: false }],
            $or: [
              { userIdentity: { arn: [{ exists: false }] } },
              { userIdentity: { arn: [{ 'anything-but': { wildcard: MEMBER_SESSIONS } }] } },
            ],
          },
        },
        basicScanCompleted: {
          source: ['aws.ecr'],
          'detail-type': ['ECR Image Scan'],
          detail: { 'scan-status': ['COMPLETE'] },
        },
        enhancedScanCompleted: {
          source: ['aws.inspector2'],
          'detail-type': ['Inspector2 Scan'],
          detail: {
            'scan-status': ['INITIAL_SCAN_COMPLETE'],
            'repository-name': [{ exists: true }],
          },
        },
        findingChanged: {
          source: ['aws.inspector2'],
          'detail-type': ['Inspector2 Finding'],
          resources: [{ wildcard: 'arn:*:ecr:*:repository/*' }],
        },
      });
    });

    it.each(['central', 'default'] as const)(
      'routes findingChanged to the finding queue on the %s bus, with its DLQ, and report-findings reads the queue in windows with partial failures',
      (bus) => {
        // Prepare
        const onBus = rules.filter(
          (rule) =>
            JSON.stringify(rule.EventPattern) === JSON.stringify(PATTERNS.findingChanged) &&
            (bus === 'central') === (rule.EventBusName !== undefined),
        );

        // Assess
        expect(onBus).toHaveLength(1);
        const [target] = onBus[0]?.Targets ?? [];
        expect(target?.Arn).toEqual({ 'Fn::GetAtt': ['FindingEventsQueue', 'Arn'] });
        expect(target?.DeadLetterConfig?.Arn).toEqual({
          'Fn::GetAtt': ['ReportFindingsEventsDlq', 'Arn'],
        });
        const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')
          .map(([, m]) => m.Properties as Record<string, unknown>)
          .filter((m) => JSON.stringify(m.EventSourceArn).includes('FindingEventsQueue'));
        expect(mappings).toHaveLength(1);
        expect(mappings[0]).toMatchObject({
          BatchSize: 1000,
          MaximumBatchingWindowInSeconds: 60,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        });
        expect(template.Resources.FindingEventsQueue?.Properties?.RedrivePolicy).toEqual({
          deadLetterTargetArn: { 'Fn::GetAtt': ['ReportFindingsFailureQueue', 'Arn'] },
          maxReceiveCount: 5,
        });
      },
    );

    it.each(
      TRIGGERS.flatMap((t) => [
        { ...t, bus: 'central' as const },
        { ...t, bus: 'default' as const },
      ]),
    )('routes $pattern to $function on the $bus bus', ({ pattern, function: target, bus }) => {
      // Prepare
      const onBus = rules.filter((rule) =>
        bus === 'central'
          ? JSON.stringify(rule.EventBusName) ===
            JSON.stringify({ 'Fn::GetAtt': ['GuardEventBus', 'Name'] })
          : rule.EventBusName === undefined,
      );

      // Act
      const matching = onBus.filter(
        (rule) => JSON.stringify(rule.EventPattern) === JSON.stringify(patternOn(pattern, bus)),
      );

      // Assess
      expect(matching).toHaveLength(1);
      expect(matching[0]?.Targets).toEqual([
        expect.objectContaining({ Arn: { 'Fn::GetAtt': [target, 'Arn'] } }),
      ]);
    });

    it('has no other rule (the triggers, and the finding rules on both buses)', () => {
      // Assess
      expect(rules).toHaveLength(TRIGGERS.length * 2 + 2);
    });

    it('retries every delivery for an hour, then keeps the event in a DLQ that admits exactly its rules', () => {
      for (const rule of rules) {
        const [target] = rule.Targets;
        expect(target?.RetryPolicy).toEqual({
          MaximumEventAgeInSeconds: 3600,
          MaximumRetryAttempts: 10,
        });
        const dlq = (target?.DeadLetterConfig?.Arn as { 'Fn::GetAtt'?: string[] })?.[
          'Fn::GetAtt'
        ]?.[0];
        expect(dlq, `DLQ of rule ${rule.Name}`).toMatch(/EventsDlq$/);
        const [, policy] =
          resourcesOfType(template, 'AWS::SQS::QueuePolicy').find(([, p]) =>
            JSON.stringify(p.Properties?.Queues).includes(`"${dlq}"`),
          ) ?? [];
        const [statement] = allPolicyDocuments({ Resources: { p: policy ?? { Type: '' } } })[0]
          ?.statements ?? [undefined];
        expect(statement?.Principal).toEqual({ Service: 'events.amazonaws.com' });
        const sources = JSON.stringify(statement?.Condition?.ArnEquals?.['aws:SourceArn']);
        const ruleArn =
          rule.EventBusName === undefined ? `rule/${rule.Name}` : `rule/ecr-guard/${rule.Name}`;
        expect(sources).toContain(`${ruleArn}"`);
      }
    });

    it('admits PutEvents on the central bus only from the organization, by the forwarding role', () => {
      // Prepare
      const bus = template.Resources.GuardEventBus;

      // Assess
      expect(bus?.Properties?.Name).toBe('ecr-guard');
      const [statement, ...others] = allPolicyDocuments({
        Resources: { GuardEventBus: bus ?? { Type: '' } },
      })[0]?.statements ?? [undefined];
      expect(others).toEqual([]);
      expect(statement).toMatchObject({
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Condition: {
          StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } },
          ArnLike: {
            'aws:PrincipalArn': {
              'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/${SERVERLESS.custom.forwarderRoleName}`,
            },
          },
        },
      });
    });
  });

  describe('IAM, least privilege', () => {
    it('grants no action with a service wildcard (ecr:*, *) in any policy', () => {
      for (const { where, statements } of allPolicyDocuments(template)) {
        // A Deny may be broad (osls' deployment bucket denies s3:* without TLS).
        for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
          expect(statement.NotAction, where).toBeUndefined();
          for (const action of actionsOf(statement)) {
            expect(action, where).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
          }
        }
      }
    });

    it('grants an action on "*" only where IAM knows no narrower resource', () => {
      for (const fn of FUNCTIONS) {
        for (const statement of roleStatements(template, fn.role)) {
          if (!resourcesOf(statement).includes('*')) continue;
          expect(
            actionsOf(statement).filter((a) => !ACTIONS_ONLY_ON_STAR.has(a)),
            fn.role,
          ).toEqual([]);
        }
      }
    });

    it('gives enforce-repository exactly the ECR actions its controls declare (the meta-test)', () => {
      // Assess
      expect(registryActions(roleActions(template, 'EnforceRepositoryRole'))).toEqual(
        enforcementActions(),
      );
    });

    it.each(FUNCTIONS.map((f) => [f.name, f.role]))(
      'grants %s exactly the AWS calls its bundled code makes (besides logs and its failure queue)',
      (name, role) => {
        // Prepare
        const artifact = artifacts.find((a) => a.name === name);
        if (artifact === undefined) throw new Error(`no artifact for ${name}`);
        const meta = JSON.parse(readArtifactFile(artifact, `functions/${name}-meta.json`)) as {
          outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
        };
        const sources = Object.values(meta.outputs)
          .flatMap((output) => Object.entries(output.inputs))
          .filter(([path, input]) => !path.includes('node_modules/') && input.bytesInOutput > 0)
          .map(([path]) => path);

        // Act
        const calls = awsCallsIn(SERVICE_DIR, sources);
        const granted = roleActions(template, role);

        // Assess
        expect(sources.length).toBeGreaterThan(0);
        const notRuntime = (a: string): boolean => !RUNTIME_ACTIONS.has(a);
        expect(granted.filter(notRuntime)).toEqual(calls.filter(notRuntime));
        // A call the code makes that Lambda also makes must still be granted.
        for (const call of calls) expect(granted, name).toContain(call);
      },
    );

    it('lets each function write only its own log group', () => {
      for (const fn of FUNCTIONS) {
        const logs = roleStatements(template, fn.role).filter((s) =>
          actionsOf(s).some((a) => a.startsWith('logs:')),
        );
        expect(logs).toEqual([
          expect.objectContaining({
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: {
              'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${PREFIX}-${fn.name}:*`,
            },
          }),
        ]);
      }
    });

    it('lets only the functions that act in member accounts assume the member role, inside the organization', () => {
      for (const fn of FUNCTIONS) {
        const assume = roleStatements(template, fn.role).filter((s) =>
          actionsOf(s).includes('sts:AssumeRole'),
        );
        if (!fn.actsInMemberAccounts) {
          expect(assume, fn.name).toEqual([]);
          continue;
        }
        expect(assume, fn.name).toEqual([
          {
            Sid: 'ActInMemberAccounts',
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/${MEMBER_ROLE_NAME}` },
            Condition: { StringEquals: { 'aws:ResourceOrgID': { Ref: 'OrganizationId' } } },
          },
        ]);
      }
      expect(SERVERLESS.custom.memberRoleName).toBe(MEMBER_ROLE_NAME);
    });

    it('grants ECR repository actions on repository ARNs of this account only', () => {
      for (const fn of FUNCTIONS) {
        for (const statement of roleStatements(template, fn.role)) {
          const ecr = actionsOf(statement).filter(
            (a) => a.startsWith('ecr:') && !ACTIONS_ONLY_ON_STAR.has(a),
          );
          if (ecr.length === 0) continue;
          expect(statement.Resource, fn.role).toEqual(OWN_REPOSITORIES);
        }
      }
    });

    it('lets only sweep-worker import into Security Hub: exactly the two calls, on its own account', () => {
      // Prepare
      const securityHub = (role: string): Statement[] =>
        roleStatements(template, role).filter((s) =>
          actionsOf(s).some((a) => a.startsWith('securityhub:')),
        );

      // Assess
      expect(securityHub('SweepWorkerRole')).toEqual([
        expect.objectContaining({
          Action: 'securityhub:BatchImportFindings',
          Resource: {
            'Fn::Sub': `arn:\${AWS::Partition}:securityhub:*:\${AWS::AccountId}:product/\${AWS::AccountId}/default`,
          },
        }),
        expect.objectContaining({
          Action: 'securityhub:GetFindings',
          Resource: {
            'Fn::Sub': `arn:\${AWS::Partition}:securityhub:*:\${AWS::AccountId}:hub/default`,
          },
        }),
      ]);
      for (const fn of FUNCTIONS.filter((f) => f.role !== 'SweepWorkerRole')) {
        expect(securityHub(fn.role), fn.role).toEqual([]);
      }
      // Off unless the securityHub parameter says otherwise.
      expect(environmentOf(template, 'SweepDashworkerLambdaFunction')).toMatchObject({
        ECR_GUARD_SWEEP_SECURITY_HUB: 'false',
      });
    });

    it('tells enforce-repository the exact ARNs of the roles whose ECR writes are ecr-guard’s own', () => {
      // Prepare: the roles whose policies grant an ECR write.
      const writers = FUNCTIONS.filter((fn) =>
        roleStatements(template, fn.role).some((statement) =>
          actionsOf(statement).some((a) => /^ecr:(Put|Set|Delete|Create|Update)/.test(a)),
        ),
      ).map((fn) => template.Resources[fn.role]?.Properties?.RoleName);

      // Assess
      expect(OWN_ROLE_ARNS.map((arn) => arn['Fn::Sub'].split('/').pop())).toEqual(writers);
      expect(
        environmentOf(template, 'EnforceDashrepositoryLambdaFunction').ECR_GUARD_OWN_ROLE_ARNS,
      ).toEqual({ 'Fn::Join': [',', OWN_ROLE_ARNS] });
      // ecr-guard.yml's identity.roleNames must name them too, or their drift would be enforced.
      for (const name of writers) expect(String(name)).toMatch(/^ecr-guard-/);
    });

    it('tells each function, at deploy time, the account it runs in and which accounts it may act in', () => {
      for (const fn of FUNCTIONS.filter((f) => f.actsInMemberAccounts)) {
        expect(environmentOf(template, fn.logicalId)).toMatchObject({
          ECR_GUARD_ACCOUNT_ID: { Ref: 'AWS::AccountId' },
          ECR_GUARD_PARTITION: { Ref: 'AWS::Partition' },
          ECR_GUARD_ALLOWED_ACCOUNTS: 'organization',
          ECR_GUARD_MEMBER_ROLE_NAME: MEMBER_ROLE_NAME,
        });
      }
    });
  });

  describe('Alerts', () => {
    it('encrypts the alerts and operations topics with a rotated customer-managed key', () => {
      // Assess
      for (const topic of ['AlertsTopic', 'OperationsTopic']) {
        expect(template.Resources[topic]?.Properties?.KmsMasterKeyId).toEqual({
          'Fn::GetAtt': ['AlertsKey', 'Arn'],
        });
      }
      expect(template.Resources.AlertsKey?.Properties?.EnableKeyRotation).toBe(true);
    });

    it('lets the publisher (report-findings, through SNS) and the alarms use the key, and nobody else', () => {
      // Prepare
      const keyPolicy = template.Resources.AlertsKey?.Properties?.KeyPolicy as
        | { Statement: Statement[] }
        | undefined;
      const statements = keyPolicy?.Statement ?? [];
      const users = statements.filter((s) =>
        actionsOf(s).some((a) => a === 'kms:Decrypt' || a.startsWith('kms:GenerateDataKey')),
      );

      // Assess
      expect(users).toEqual([
        expect.objectContaining({
          Principal: { AWS: { 'Fn::GetAtt': ['ReportFindingsRole', 'Arn'] } },
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Condition: {
            StringEquals: {
              'kms:ViaService': { 'Fn::Sub': `sns.\${AWS::Region}.amazonaws.com` },
            },
          },
        }),
        expect.objectContaining({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        }),
      ]);
    });

    it('lets report-findings publish to the alerts topic and use the dedupe table, and notify-slack read the secret', () => {
      // Assess
      expect(roleActions(template, 'ReportFindingsRole')).toEqual(
        expect.arrayContaining(['sns:Publish', 'dynamodb:PutItem', 'dynamodb:DeleteItem']),
      );
      expect(roleActions(template, 'NotifySlackRole')).toEqual([
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'secretsmanager:GetSecretValue',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
        'sqs:SendMessage',
      ]);
      expect(environmentOf(template, 'NotifyDashslackLambdaFunction')).toMatchObject({
        DEDUPE_TABLE_NAME: { Ref: 'DedupeTable' },
        NOTIFY_SLACK_FAILURE_QUEUE_URL: { Ref: 'NotifySlackFailureQueue' },
        NOTIFY_SLACK_RETRY_QUEUE_URL: { Ref: 'NotifySlackRetryQueue' },
      });
      expect(environmentOf(template, 'ReportDashfindingsLambdaFunction')).toMatchObject({
        ALERTS_TOPIC_ARN: { Ref: 'AlertsTopic' },
        DEDUPE_TABLE_NAME: { Ref: 'DedupeTable' },
      });
      expect(
        environmentOf(template, 'NotifyDashslackLambdaFunction').SLACK_WEBHOOKS_SECRET_ARN,
      ).toEqual({
        'Fn::If': [
          'CreateSlackSecret',
          { Ref: 'SlackWebhooksSecret' },
          { Ref: 'SlackWebhooksSecretArn' },
        ],
      });
    });

    it('subscribes notify-slack to the alerts topic, with a DLQ for undeliverable alerts', () => {
      // Prepare
      const [[, subscription] = ['', undefined]] = resourcesOfType(
        template,
        'AWS::SNS::Subscription',
      ).filter(([, s]) => s.Properties?.Protocol === 'lambda');

      // Assess
      expect(subscription?.Properties).toMatchObject({
        TopicArn: { Ref: 'AlertsTopic' },
        Endpoint: { 'Fn::GetAtt': ['NotifyDashslackLambdaFunction', 'Arn'] },
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['NotifySlackDeliveryDlq', 'Arn'] } },
      });
    });

    it('keeps the dedupe table on demand, with a TTL and point-in-time recovery', () => {
      // Assess
      expect(template.Resources.DedupeTable?.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        // The attributes the alert dedupe (and the remediation lock) write.
        KeySchema: [{ AttributeName: DEDUPE_KEY_ATTRIBUTE, KeyType: 'HASH' }],
        TimeToLiveSpecification: { AttributeName: DEDUPE_TTL_ATTRIBUTE, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    });

    it('creates the Slack secret empty unless one is given by ARN', () => {
      // Assess
      expect(template.Resources.SlackWebhooksSecret).toMatchObject({
        Condition: 'CreateSlackSecret',
        Properties: { SecretString: '{}' },
      });
      expect(template.Conditions?.CreateSlackSecret).toEqual({
        'Fn::Equals': [{ Ref: 'SlackWebhooksSecretArn' }, ''],
      });
    });
  });

  describe('Failures', () => {
    it.each(FUNCTIONS.filter((f) => f.failureQueue !== undefined).map((f) => [f.name, f]))(
      'retries %s twice within an hour, then sends the event to its own failure queue',
      (_name, fn) => {
        // Prepare
        const [[, config] = ['', undefined]] = resourcesOfType(
          template,
          'AWS::Lambda::EventInvokeConfig',
        ).filter(([, c]) => JSON.stringify(c.Properties?.FunctionName).includes(fn.logicalId));

        // Assess
        expect(config?.Properties).toMatchObject({
          MaximumRetryAttempts: 2,
          MaximumEventAgeInSeconds: 3600,
          DestinationConfig: {
            OnFailure: { Destination: { 'Fn::GetAtt': [fn.failureQueue, 'Arn'] } },
          },
        });
        const send = roleStatements(template, fn.role).filter((s) =>
          actionsOf(s).includes('sqs:SendMessage'),
        );
        const queues = send.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
        expect(queues).toContainEqual({ 'Fn::GetAtt': [fn.failureQueue, 'Arn'] });
      },
    );

    it('feeds sweep-worker from the sweep queue, whose failed jobs end in a DLQ', () => {
      // Prepare
      const [[, mapping] = ['', undefined]] = resourcesOfType(
        template,
        'AWS::Lambda::EventSourceMapping',
      ).filter(([, m]) => JSON.stringify(m.Properties?.EventSourceArn).includes('"SweepQueue"'));
      const queue = template.Resources.SweepQueue?.Properties;

      // Assess
      expect(mapping?.Properties).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': ['SweepQueue', 'Arn'] },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      const send = roleStatements(template, 'SweepRole').filter((s) =>
        actionsOf(s).includes('sqs:SendMessage'),
      );
      expect(send.flatMap((s) => s.Resource)).toContainEqual({
        'Fn::GetAtt': ['SweepQueue', 'Arn'],
      });
      expect(queue).toMatchObject({
        VisibilityTimeout: 5400,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['SweepDlq', 'Arn'] } },
      });
      // FIFO: a retried enqueue adds nothing the queue has (deduplication per run and target).
      expect(queue).toMatchObject({ FifoQueue: true, QueueName: `${PREFIX}-sweep.fifo` });
      expect(template.Resources.SweepDlq?.Properties).toMatchObject({ FifoQueue: true });
      expect(roleActions(template, 'SweepWorkerRole')).toEqual(
        expect.arrayContaining(['dynamodb:DeleteItem', 'dynamodb:PutItem']),
      );
      expect(environmentOf(template, 'SweepDashworkerLambdaFunction')).toMatchObject({
        DEDUPE_TABLE_NAME: { Ref: 'DedupeTable' },
      });
    });

    it('feeds notify-slack the alerts it handed back, one at a time; those that keep failing end in its failure queue', () => {
      // Prepare
      const [[, mapping] = ['', undefined]] = resourcesOfType(
        template,
        'AWS::Lambda::EventSourceMapping',
      ).filter(([, m]) =>
        JSON.stringify(m.Properties?.EventSourceArn).includes('"NotifySlackRetryQueue"'),
      );

      // Assess
      expect(mapping?.Properties).toMatchObject({
        FunctionName: { 'Fn::GetAtt': ['NotifyDashslackLambdaFunction', 'Arn'] },
        BatchSize: 1,
      });
      expect(template.Resources.NotifySlackRetryQueue?.Properties).toMatchObject({
        VisibilityTimeout: 360,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': ['NotifySlackFailureQueue', 'Arn'] },
        },
      });
    });

    it('alarms on each Slack route that refuses alerts, naming the route', () => {
      // Prepare
      const alarm = template.Resources.SlackRouteRefusedAlarm?.Properties;

      // Assess: one time series per Route, of the metric notify-slack writes (EMF).
      expect(alarm).toMatchObject({
        Metrics: [
          {
            Id: 'refused',
            Expression: `SELECT SUM(${SLACK_ROUTE_REFUSED_METRIC}) FROM SCHEMA("${METRICS_NAMESPACE}", Route, service) GROUP BY Route`,
            Period: 300,
            ReturnData: true,
          },
        ],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: 'OperationsTopic' }],
      });
      expect(String(alarm?.AlarmDescription)).toContain('notify-slack-failures');
    });

    it('alarms on any message waiting in a DLQ or failure queue, and on errors only where no queue would tell', () => {
      // Prepare
      const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(
        ([, a]) => a.Properties ?? {},
      );
      const watched = (metric: string): string[] =>
        alarms
          .filter((a) => a.MetricName === metric)
          .map((a) => JSON.stringify((a.Dimensions as { Value: unknown }[])[0]?.Value));

      // Assess
      for (const alarm of alarms) {
        expect(alarm.AlarmActions).toEqual([{ Ref: 'OperationsTopic' }]);
        expect(alarm.Threshold).toBe(
          alarm.MetricName === 'ApproximateAgeOfOldestMessage' ? 3600 : 1,
        );
      }
      // A retried invocation is an Errors datapoint too: functions with an on-failure queue
      // page through the queue, when an event fails for good.
      expect(watched('Errors').sort()).toEqual(
        FUNCTIONS.filter((f) => f.failureQueue === undefined).map((f) =>
          JSON.stringify({ Ref: f.logicalId }),
        ),
      );
      expect(watched('ApproximateNumberOfMessagesVisible').sort()).toEqual(
        resourcesOfType(template, 'AWS::SQS::Queue')
          .filter(([id]) => !WORK_QUEUES.has(id))
          .map(([id]) => JSON.stringify({ 'Fn::GetAtt': [id, 'QueueName'] }))
          .sort(),
      );
      expect(watched('ApproximateAgeOfOldestMessage')).toEqual(
        [...WORK_QUEUES].map((id) => JSON.stringify({ 'Fn::GetAtt': [id, 'QueueName'] })),
      );
    });

    it('keeps every log group for 30 days', () => {
      // Assess
      const groups = resourcesOfType(template, 'AWS::Logs::LogGroup').map(([, g]) => g.Properties);
      expect(groups.map((g) => g?.LogGroupName).sort()).toEqual(
        FUNCTIONS.map((f) => `/aws/lambda/${PREFIX}-${f.name}`).sort(),
      );
      for (const group of groups) expect(group?.RetentionInDays).toBe(30);
    });
  });

  it('outputs the bus, the topics and the roles the member template needs', () => {
    // Assess
    expect(Object.keys(template.Outputs ?? {})).toEqual(
      expect.arrayContaining([
        'EventBusArn',
        'AlertsTopicArn',
        'OperationsTopicArn',
        'EnforceRepositoryRoleArn',
        'ReportFindingsRoleArn',
        'NotifySlackRoleArn',
        'CentralFunctionRoleArns',
      ]),
    );
    expect(template.Outputs?.CentralFunctionRoleArns?.Value).toEqual({
      'Fn::Join': [
        ',',
        FUNCTIONS.filter((f) => f.actsInMemberAccounts).map((f) => ({
          'Fn::GetAtt': [f.role, 'Arn'],
        })),
      ],
    });
  });

  it('passes cfn-lint, when it is installed', (context) => {
    // Prepare
    let version: string;
    try {
      version = execFileSync('cfn-lint', ['--version'], { encoding: 'utf8' });
    } catch {
      context.skip('cfn-lint is not installed');
      return;
    }

    // Act
    const run = (): string =>
      execFileSync(
        'cfn-lint',
        // W3005: osls itself adds a DependsOn on each role that a GetAtt already implies.
        [
          '--ignore-checks',
          'W3005',
          '--',
          join(packaged.outDir, 'cloudformation-template-update-stack.json'),
        ],
        { encoding: 'utf8' },
      );

    // Assess
    expect(version).toMatch(/cfn-lint/);
    expect(run).not.toThrow();
  });
});
