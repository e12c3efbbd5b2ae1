/**
 * The central stack as `serverless package` generates it (offline, in the global setup):
 * rules for every trigger, least privilege, encryption, failure handling, alarms, outputs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { DEDUPE_KEY_ATTRIBUTE, DEDUPE_TTL_ATTRIBUTE, dedupeKeyOf } from '#lib/alerts/index.ts';
import {
  METRICS_NAMESPACE,
  SLACK_ROUTE_REFUSED_METRIC,
  SWEEP_SENT_KEY_PREFIX,
} from '#lib/app/index.ts';
import { MEMBER_ROLE_NAME, READER_ROLE_NAME, SESSION_NAME_PREFIX } from '#lib/aws/index.ts';
import { registryWriteActions } from '#lib/controls/index.ts';
import { REMEDIATION_LOCK_KEY_PREFIX } from '#lib/enforcement/index.ts';
import { DRIFT_EVENT_NAMES } from '#lib/events/index.ts';
import { NOTICE_KEY_PREFIX } from '#lib/notices/index.ts';
import { SLACK_POST_KEY_PREFIX } from '#lib/slack/index.ts';
import { DEFAULT_STANDARD, loadStandard, standardPermissions } from '#lib/standard/index.ts';
import { DEPLOY_TIME_VALUES } from '../../bench/package-functions.ts';
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
import { MANAGE_REGISTRY_STANDARD, PACKAGE_PARAMETERS } from '../support/package-global-setup.ts';

const { stage, region, organizationId, sweepRegions } = PACKAGE_PARAMETERS;
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
    memberRole: MEMBER_ROLE_NAME,
  },
  {
    name: 'report-findings',
    logicalId: 'ReportDashfindingsLambdaFunction',
    role: 'ReportFindingsRole',
    failureQueue: 'ReportFindingsFailureQueue',
    actsInMemberAccounts: true,
    // Reads findings and tags there: the read-only role.
    memberRole: READER_ROLE_NAME,
  },
  {
    name: 'notify-slack',
    logicalId: 'NotifyDashslackLambdaFunction',
    role: 'NotifySlackRole',
    failureQueue: 'NotifySlackFailureQueue',
    actsInMemberAccounts: false,
    memberRole: undefined,
  },
  {
    name: 'sweep',
    logicalId: 'SweepLambdaFunction',
    role: 'SweepRole',
    failureQueue: 'SweepFailureQueue',
    actsInMemberAccounts: false,
    memberRole: undefined,
  },
  {
    name: 'sweep-worker',
    logicalId: 'SweepDashworkerLambdaFunction',
    role: 'SweepWorkerRole',
    // Invoked by its SQS event source, not asynchronously: failed jobs go to the queue's DLQ.
    failureQueue: undefined,
    actsInMemberAccounts: true,
    memberRole: MEMBER_ROLE_NAME,
  },
] as const;

/** This stack's alarms (every alarm name starts with the stack's prefix). */
const ALARM_ARNS = `arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${PREFIX}-*`;

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
  { pattern: 'repositoryActions', function: 'EnforceDashrepositoryLambdaFunction' },
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
    it('packages offline with the sweep’s regions alone, the one parameter it requires', () => {
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

    it('refuses to package without the sweep’s regions, naming the parameter', () => {
      // Assess
      expect(packaged.withoutParameters.failed).toBe(true);
      expect(packaged.withoutParameters.output).toContain(
        'the parameter sweepRegions is not set: give the regions the member StackSet is deployed to',
      );
    });

    it('sweeps exactly the regions given, and outputs them for the member StackSet', () => {
      // Assess
      expect(environmentOf(template, 'SweepLambdaFunction').ECR_GUARD_SWEEP_REGIONS).toBe(
        sweepRegions,
      );
      expect(template.Outputs?.SweepRegions?.Value).toBe(sweepRegions);
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
        // Its own code and map, the compiled standard, and nothing else (no other function's).
        expect([...artifact.entries.keys()].sort()).toEqual([
          '.build/ecr-guard.json',
          `functions/${name}.mjs`,
          `functions/${name}.mjs.map`,
        ]);
        // The pinned AWS SDK is in the bundle (its sources are in the map), not left to the
        // runtime: no import of an @aws-sdk package is left in the code. (The SDK's own error
        // messages quote `[require("@aws-sdk/signature-v4-crt");]`: text, not a call.)
        const bundled = readArtifactFile(artifact, `functions/${name}.mjs`);
        const map = JSON.parse(readArtifactFile(artifact, `functions/${name}.mjs.map`)) as {
          sources: string[];
        };
        expect(map.sources.some((path) => path.includes('node_modules/@aws-sdk/client-'))).toBe(
          true,
        );
        // But the rare paths' clients, left to the runtime (serverless.yml awsSdkExternals).
        expect(bundled).not.toMatch(
          /(?:\bfrom|\bimport\s*\()\s*["']@aws-sdk\/(?!client-(?:ec2|ecs|lambda|securityhub)["'])/,
        );
        expect(bundled).not.toMatch(/(?<!\[)\brequire\(["']@aws-sdk\//);
        expect(
          map.sources.some((path) =>
            /node_modules\/@aws-sdk\/client-(?:ec2|ecs|lambda|securityhub)\//.test(path),
          ),
        ).toBe(false);
        // The standard, validated and compiled to JSON at package time; no YAML parser bundled.
        expect([...artifact.entries.keys()]).toContain('.build/ecr-guard.json');
        expect(readArtifactFile(artifact, `functions/${name}.mjs`)).not.toContain('yaml.alias');
        const code = readArtifactFile(artifact, `functions/${name}.mjs`);
        expect(code).toMatch(/\bexport\s*\{/);
        // Minified: long lines (what is left of line breaks is inside template literals).
        expect(code.length / code.split('\n').length).toBeGreaterThan(400);
        // The pinned AWS SDK is bundled (serverless.yml custom.esbuild): the budget is the zip.
        expect(artifact.zipBytes).toBeLessThanOrEqual(1024 * 1024);
        process.stderr.write(
          `bundle ${name}: ${Math.round((artifact.entries.get(`functions/${name}.mjs`) ?? 0) / 1024)} KB minified, zip ${Math.round(artifact.zipBytes / 1024)} KB\n`,
        );
      },
    );

    it('gives npm run bench a stand-in for every value CloudFormation resolves at deploy time', () => {
      for (const fn of FUNCTIONS) {
        for (const [name, value] of Object.entries(environmentOf(template, fn.logicalId))) {
          if (typeof value === 'string') continue;
          expect(DEPLOY_TIME_VALUES[name], `${fn.name}: ${name}`).toEqual(expect.any(String));
        }
      }
    });

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
        repositoryActions: {
          source: ['aws.ecr'],
          'detail-type': [
            'ECR Pull Through Cache Action',
            'ECR Replication Action',
            'ECR Scan Resource Change',
          ],
          $or: [
            {
              'detail-type': ['ECR Pull Through Cache Action'],
              detail: { 'sync-status': ['SUCCESS'] },
            },
            {
              'detail-type': ['ECR Replication Action'],
              detail: { 'action-type': ['REPLICATE'], result: ['SUCCESS', 'FAILED'] },
            },
            {
              'detail-type': ['ECR Scan Resource Change'],
              detail: { 'action-type': ['SCAN_FREQUENCY_CHANGE'], 'resource-type': ['REPOSITORY'] },
            },
          ],
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
          StringEquals: {
            'aws:PrincipalOrgID': { Ref: 'OrganizationId' },
            // Only the sources the rules act on.
            'events:source': ['aws.ecr', 'aws.inspector2'],
          },
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

    it.each(['EnforceRepositoryRole', 'SweepWorkerRole'])(
      'gives %s exactly the actions the default standard takes, no registry-wide write (the meta-test)',
      (role) => {
        // Prepare
        const wanted = standardPermissions(DEFAULT_STANDARD);

        // Assess: ECR's, and the lifecycle guard's reads of what runs (ECS, Lambda, Inspector).
        expect(registryActions(roleActions(template, role))).toEqual(
          [...wanted.repository, ...wanted.registry, ...wanted.otherServices].sort(),
        );
        for (const write of registryWriteActions()) {
          expect(roleActions(template, role)).not.toContain(write);
        }
        expect(template.Outputs?.MemberRegistryWrites?.Value).toBe('none');
      },
    );

    it.each(['EnforceRepositoryRole', 'SweepWorkerRole'])(
      'gives %s the registry scanning write when the packaged standard enables it (scanning.manageRegistry)',
      async (role) => {
        // Prepare
        const managing = readPackagedTemplate(packaged.manageRegistryOutDir);
        const wanted = standardPermissions(
          await loadStandard(join(SERVICE_DIR, MANAGE_REGISTRY_STANDARD)),
        );

        // Assess: the registry scanning writes, no creation template write (report mode).
        expect(wanted.registryWrites).toEqual([
          'ecr:PutAccountSetting',
          'ecr:PutRegistryScanningConfiguration',
        ]);
        expect(registryActions(roleActions(managing, role))).toEqual(
          [...wanted.repository, ...wanted.registry, ...wanted.otherServices].sort(),
        );
        expect(roleStatements(managing, role)).toContainEqual(
          expect.objectContaining({
            Sid: 'EnforceRegistry',
            Resource: '*',
            Action: expect.arrayContaining(['ecr:PutRegistryScanningConfiguration']),
          }),
        );
        expect(managing.Outputs?.MemberRegistryWrites?.Value).toBe(wanted.registryWrites.join(','));
      },
    );

    it('bundles the standard it derived the roles from', () => {
      // Prepare
      const compiled = (dir: string): { scanning: { manageRegistry: boolean } } => {
        const artifact = readArtifacts(dir).find((a) => a.name === 'enforce-repository');
        if (artifact === undefined) throw new Error('no enforce-repository artifact');
        return JSON.parse(readArtifactFile(artifact, '.build/ecr-guard.json'));
      };

      // Assess
      expect(compiled(packaged.outDir).scanning.manageRegistry).toBe(false);
      expect(compiled(packaged.manageRegistryOutDir).scanning.manageRegistry).toBe(true);
    });

    it.each(FUNCTIONS.map((f) => [f.name, f.role]))(
      'grants %s exactly the AWS calls its bundled code makes (besides logs and its failure queue)',
      (name, role) => {
        // Prepare
        const artifact = artifacts.find((a) => a.name === name);
        if (artifact === undefined) throw new Error(`no artifact for ${name}`);
        // The source map names every file with code in the bundle (paths from the build folder).
        const map = JSON.parse(readArtifactFile(artifact, `functions/${name}.mjs.map`)) as {
          sources: string[];
        };
        const sources = map.sources
          .map((path) => path.replace(/^(\.\.\/)+/, ''))
          .filter((path) => !path.includes('node_modules/'));

        // Act
        const calls = awsCallsIn(SERVICE_DIR, sources);
        const granted = roleActions(template, role);

        // Assess
        expect(sources.length).toBeGreaterThan(0);
        const notRuntime = (a: string): boolean => !RUNTIME_ACTIONS.has(a);
        // The code can make every registry-wide write; the default standard enables none.
        const disabled = new Set(registryWriteActions());
        const enabledCalls = calls.filter((a) => !disabled.has(a) || granted.includes(a));
        expect(granted.filter(notRuntime)).toEqual(enabledCalls.filter(notRuntime));
        // A call the code makes that Lambda also makes must still be granted.
        for (const call of enabledCalls) expect(granted, name).toContain(call);
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

    it('lets each function that acts in member accounts assume its own member role there, inside the organization, with a source identity', () => {
      for (const fn of FUNCTIONS) {
        const assume = roleStatements(template, fn.role).filter((s) =>
          actionsOf(s).some((a) => a.startsWith('sts:')),
        );
        if (fn.memberRole === undefined) {
          expect(assume, fn.name).toEqual([]);
          continue;
        }
        expect(assume, fn.name).toEqual([
          {
            Sid: 'ActInMemberAccounts',
            Effect: 'Allow',
            Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
            Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/${fn.memberRole}` },
            Condition: { StringEquals: { 'aws:ResourceOrgID': { Ref: 'OrganizationId' } } },
          },
        ]);
        expect(environmentOf(template, fn.logicalId).ECR_GUARD_MEMBER_ROLE_NAME, fn.name).toBe(
          fn.memberRole,
        );
      }
      expect(SERVERLESS.custom.memberRoleName).toBe(MEMBER_ROLE_NAME);
    });

    it('splits the dedupe table by key: enforcement and the sweep only on locks and the sweep messages sent, notify-slack only on its posts, the alert path on none of them', () => {
      // Prepare
      const tableStatements = (role: string): Statement[] =>
        roleStatements(template, role).filter((s) =>
          actionsOf(s).some((a) => a.startsWith('dynamodb:')),
        );
      const tableStatement = (role: string): Statement | undefined => tableStatements(role)[0];
      const onlyOn = (prefixes: string[]) => ({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      });
      const locks = [`${REMEDIATION_LOCK_KEY_PREFIX}*`];
      const sweepSent = [`${SWEEP_SENT_KEY_PREFIX}*`];
      expect(
        dedupeKeyOf({
          account: '123456789012',
          region: 'eu-west-1',
          repositoryName: 'sweep-sent#x',
          imageDigest: 'sha256:ab',
        }).startsWith(SWEEP_SENT_KEY_PREFIX),
      ).toBe(false);
      const alertKey = dedupeKeyOf({
        account: '123456789012',
        region: 'eu-west-1',
        repositoryName: 'remediation#x',
        imageDigest: 'sha256:ab',
      });
      expect(alertKey.startsWith(REMEDIATION_LOCK_KEY_PREFIX)).toBe(false);
      const slackPosts = [`${SLACK_POST_KEY_PREFIX}*`];
      expect(alertKey.startsWith(SLACK_POST_KEY_PREFIX)).toBe(false);

      // Assess
      const notices = [`${NOTICE_KEY_PREFIX}*`];
      expect(tableStatements('EnforceRepositoryRole').map((s) => s.Condition)).toEqual([
        onlyOn(locks),
        onlyOn(notices),
      ]);
      expect(tableStatements('SweepWorkerRole').map((s) => s.Condition)).toEqual([
        onlyOn(locks),
        onlyOn(sweepSent),
        onlyOn(notices),
      ]);
      expect(tableStatements('SweepRole').map((s) => s.Condition)).toEqual([onlyOn(sweepSent)]);
      expect(tableStatement('ReportFindingsRole')?.Condition).toEqual({
        'ForAllValues:StringNotLike': {
          'dynamodb:LeadingKeys': [...locks, ...slackPosts, ...sweepSent, ...notices],
        },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      });
      expect(tableStatement('NotifySlackRole')?.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': slackPosts },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      });
      for (const fn of FUNCTIONS.filter(
        (f) =>
          ![
            'EnforceRepositoryRole',
            'SweepWorkerRole',
            'SweepRole',
            'ReportFindingsRole',
            'NotifySlackRole',
          ].includes(f.role),
      )) {
        expect(tableStatement(fn.role), fn.role).toBeUndefined();
      }
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
          ECR_GUARD_MEMBER_ROLE_NAME: fn.memberRole,
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

    it('lets the publishers (report-findings, and enforce-repository and sweep-worker for notices, through SNS) and the alarms use the key, and nobody else', () => {
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
          Principal: {
            AWS: [
              { 'Fn::GetAtt': ['ReportFindingsRole', 'Arn'] },
              { 'Fn::GetAtt': ['EnforceRepositoryRole', 'Arn'] },
              { 'Fn::GetAtt': ['SweepWorkerRole', 'Arn'] },
            ],
          },
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
          // Only this stack's alarms, in this account: no confused deputy.
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'aws:SourceArn': { 'Fn::Sub': ALARM_ARNS } },
          },
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
      for (const fn of ['EnforceDashrepositoryLambdaFunction', 'SweepDashworkerLambdaFunction']) {
        // Notices go to the alerts topic; one that cannot be published is kept.
        expect(environmentOf(template, fn)).toMatchObject({
          ALERTS_TOPIC_ARN: { Ref: 'AlertsTopic' },
          DEDUPE_TABLE_NAME: { Ref: 'DedupeTable' },
          ECR_GUARD_NOTICE_FAILURE_QUEUE_URL: { Ref: 'EnforceRepositoryFailureQueue' },
        });
      }
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
      // Standard: the fan-out is spread by per-message DelaySeconds, which FIFO queues lack.
      expect(queue).toMatchObject({ QueueName: `${PREFIX}-sweep` });
      expect(queue?.FifoQueue).toBeUndefined();
      expect(template.Resources.SweepDlq?.Properties?.FifoQueue).toBeUndefined();
      // Enqueue once: the schedule's function records each (run, target) sent in the ledger;
      // the worker holds the remediation lock and records each continuation sent.
      const ledger = [
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ];
      for (const role of ['SweepRole', 'SweepWorkerRole']) {
        expect(roleActions(template, role)).toEqual(expect.arrayContaining(ledger));
      }
      for (const fn of ['SweepLambdaFunction', 'SweepDashworkerLambdaFunction']) {
        expect(environmentOf(template, fn)).toMatchObject({
          DEDUPE_TABLE_NAME: { Ref: 'DedupeTable' },
        });
      }
    });

    it('lets sweep-worker continue an account on the sweep queue and park a notice it could not publish, and no other', () => {
      // Prepare
      const send = roleStatements(template, 'SweepWorkerRole').filter((s) =>
        actionsOf(s).includes('sqs:SendMessage'),
      );

      // Assess
      expect(send.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))).toEqual([
        { 'Fn::GetAtt': ['SweepQueue', 'Arn'] },
        { 'Fn::GetAtt': ['EnforceRepositoryFailureQueue', 'Arn'] },
      ]);
      expect(environmentOf(template, 'SweepDashworkerLambdaFunction')).toMatchObject({
        ECR_GUARD_SWEEP_QUEUE_URL: { Ref: 'SweepQueue' },
      });
    });

    it('caps the sweep workers at 50 at once, leaving the rest of the account concurrency to the event functions', () => {
      // Prepare
      const [[, mapping] = ['', undefined]] = resourcesOfType(
        template,
        'AWS::Lambda::EventSourceMapping',
      ).filter(([, m]) => JSON.stringify(m.Properties?.EventSourceArn).includes('"SweepQueue"'));

      // Assess
      expect(mapping?.Properties).toMatchObject({
        BatchSize: 5,
        ScalingConfig: { MaximumConcurrency: 50 },
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

  describe('Hardening', () => {
    it('denies every queue and topic to requests without TLS', () => {
      // Prepare
      const denied = (policyType: string, targetsKey: string, action: string): string[] =>
        resourcesOfType(template, policyType).flatMap(([, policy]) => {
          const statements = allPolicyDocuments({ Resources: { p: policy } })[0]?.statements ?? [];
          const tls = statements.find(
            (st) =>
              st.Effect === 'Deny' &&
              st.Principal === '*' &&
              actionsOf(st).includes(action) &&
              JSON.stringify(st.Condition) ===
                JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
          );
          if (tls === undefined) return [];
          return ((policy.Properties?.[targetsKey] ?? []) as { Ref: string }[]).map((q) => q.Ref);
        });

      // Assess
      expect(denied('AWS::SQS::QueuePolicy', 'Queues', 'sqs:*').sort()).toEqual(
        resourcesOfType(template, 'AWS::SQS::Queue')
          .map(([id]) => id)
          .sort(),
      );
      expect(denied('AWS::SNS::TopicPolicy', 'Topics', 'sns:Publish').sort()).toEqual(
        resourcesOfType(template, 'AWS::SNS::Topic')
          .map(([id]) => id)
          .sort(),
      );
    });

    it('names every queue in one queue policy only (a second would replace the first)', () => {
      // Prepare
      const named = resourcesOfType(template, 'AWS::SQS::QueuePolicy').flatMap(([, policy]) =>
        ((policy.Properties?.Queues ?? []) as { Ref: string }[]).map((q) => q.Ref),
      );

      // Assess
      expect(named.length).toBe(new Set(named).size);
    });

    it('lets SNS keep an undeliverable alert in notify-slack’s delivery DLQ, from the alerts topic only', () => {
      // Prepare
      const [, policy] =
        resourcesOfType(template, 'AWS::SQS::QueuePolicy').find(([, p]) =>
          JSON.stringify(p.Properties?.Queues).includes('"NotifySlackDeliveryDlq"'),
        ) ?? [];
      const [statement] = allPolicyDocuments({ Resources: { p: policy ?? { Type: '' } } })[0]
        ?.statements ?? [undefined];

      // Assess
      expect(statement).toMatchObject({
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Condition: { ArnEquals: { 'aws:SourceArn': { Ref: 'AlertsTopic' } } },
      });
    });

    it('lets CloudWatch publish to the operations topic for this stack’s alarms only', () => {
      // Prepare
      const [, policy] =
        resourcesOfType(template, 'AWS::SNS::TopicPolicy').find(([, p]) =>
          JSON.stringify(p.Properties?.Topics).includes('"OperationsTopic"'),
        ) ?? [];
      const statements = allPolicyDocuments({ Resources: { p: policy ?? { Type: '' } } })[0]
        ?.statements;

      // Assess
      expect(statements?.filter((st) => st.Effect === 'Allow')).toEqual([
        expect.objectContaining({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'aws:SourceArn': { 'Fn::Sub': ALARM_ARNS } },
          },
        }),
      ]);
      // Every alarm of the stack is named under the prefix the condition admits.
      for (const [, alarm] of resourcesOfType(template, 'AWS::CloudWatch::Alarm')) {
        const name = alarm.Properties?.AlarmName;
        const literal =
          typeof name === 'string'
            ? name
            : JSON.stringify(name).includes('QueueName')
              ? `${PREFIX}-queue`
              : '';
        expect(literal.startsWith(`${PREFIX}-`), JSON.stringify(name)).toBe(true);
      }
    });

    it.each(['AlertsKey', 'DedupeTable', 'SlackWebhooksSecret'])(
      'retains %s when the stack is deleted or it would be replaced',
      (id) => {
        // Assess
        expect(template.Resources[id]).toMatchObject({
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
        });
      },
    );

    it('retains every queue (the events they hold outlive the stack)', () => {
      for (const [id, queue] of resourcesOfType(template, 'AWS::SQS::Queue')) {
        expect(queue, id).toMatchObject({
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
        });
      }
    });

    it('reserves a share of concurrency for each function, within the account’s unreserved 100 of 1,000', () => {
      // Prepare
      const reserved = FUNCTIONS.map(
        (fn) => template.Resources[fn.logicalId]?.Properties?.ReservedConcurrentExecutions,
      );
      const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping');
      const reservationOf = (functionName: unknown): unknown =>
        resourcesOfType(template, 'AWS::Lambda::Function').find(
          ([logicalId]) =>
            JSON.stringify(functionName) === JSON.stringify({ 'Fn::GetAtt': [logicalId, 'Arn'] }),
        )?.[1].Properties?.ReservedConcurrentExecutions;

      // Assess
      for (const value of reserved) expect(value).toEqual(expect.any(Number));
      const total = (reserved as number[]).reduce((sum, n) => sum + n, 0);
      expect(total).toBeLessThanOrEqual(900);
      // A queue never invokes its function beyond its reservation: a throttled receive would
      // count toward the queue's maxReceiveCount and send the message to its DLQ.
      expect(mappings.length).toBe(3);
      for (const [logicalId, mapping] of mappings) {
        const limit = reservationOf(mapping.Properties?.FunctionName);
        expect(limit, logicalId).toEqual(expect.any(Number));
        const { MaximumConcurrency } = (mapping.Properties?.ScalingConfig ?? {}) as {
          MaximumConcurrency?: number;
        };
        expect(MaximumConcurrency, logicalId).toBeGreaterThanOrEqual(2);
        expect(MaximumConcurrency, logicalId).toBeLessThanOrEqual(limit as number);
      }
      // sweep-worker takes all of its reservation: the sweep is all it does.
      const sweepMapping = mappings.find(([, m]) =>
        JSON.stringify(m.Properties?.EventSourceArn).includes('SweepQueue'),
      );
      expect(sweepMapping?.[1].Properties?.ScalingConfig).toEqual({
        MaximumConcurrency:
          template.Resources.SweepDashworkerLambdaFunction?.Properties
            ?.ReservedConcurrentExecutions,
      });
    });
  });

  describe('The daily schedule', () => {
    it('starts the sweep with a retry policy and a DLQ that admits exactly its rule, and alarms', () => {
      // Prepare
      const [[, rule] = ['', undefined]] = resourcesOfType(template, 'AWS::Events::Rule').filter(
        ([, r]) => r.Properties?.ScheduleExpression !== undefined,
      );
      const [target] = (rule?.Properties?.Targets ?? []) as Rule['Targets'];
      const [, policy] =
        resourcesOfType(template, 'AWS::SQS::QueuePolicy').find(([, p]) =>
          JSON.stringify(p.Properties?.Queues).includes('"SweepScheduleDlq"'),
        ) ?? [];
      const [allow] = allPolicyDocuments({ Resources: { p: policy ?? { Type: '' } } })[0]
        ?.statements ?? [undefined];
      const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(
        ([, a]) => a.Properties ?? {},
      );
      const onRule = (metric: string): unknown[] =>
        alarms
          .filter((a) => a.Namespace === 'AWS/Events' && a.MetricName === metric)
          .map((a) => a.Dimensions);

      // Assess
      expect(rule?.Properties).toMatchObject({
        Name: `${PREFIX}-sweep`,
        ScheduleExpression: 'cron(0 3 * * ? *)',
      });
      expect(target).toMatchObject({
        Arn: { 'Fn::GetAtt': ['SweepLambdaFunction', 'Arn'] },
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['SweepScheduleDlq', 'Arn'] } },
      });
      expect(allow).toMatchObject({
        Principal: { Service: 'events.amazonaws.com' },
        Condition: {
          ArnEquals: {
            'aws:SourceArn': [
              {
                'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${PREFIX}-sweep`,
              },
            ],
          },
        },
      });
      for (const metric of ['FailedInvocations', 'InvocationsSentToDlq']) {
        expect(onRule(metric), metric).toEqual([[{ Name: 'RuleName', Value: `${PREFIX}-sweep` }]]);
      }
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
        'CentralReaderRoleArns',
        'MemberRegistryWrites',
        'SweepRegions',
      ]),
    );
    // The member roles trust these: enforcement and the sweep the remediation role, the alert
    // path the read-only one.
    expect(template.Outputs?.CentralFunctionRoleArns?.Value).toEqual({
      'Fn::Join': [
        ',',
        FUNCTIONS.filter((f) => f.memberRole === MEMBER_ROLE_NAME).map((f) => ({
          'Fn::GetAtt': [f.role, 'Arn'],
        })),
      ],
    });
    expect(template.Outputs?.CentralReaderRoleArns?.Value).toEqual({
      'Fn::GetAtt': ['ReportFindingsRole', 'Arn'],
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
