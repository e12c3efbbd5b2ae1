/**
 * Sweep events and reports the report tests share: a read account with a compliant, a
 * fixable and an exempt repository, and an account whose member role cannot be assumed.
 */

import type {
  ControlStatus,
  RepositoryEvidence,
  RepositoryReport,
} from '#lib/enforcement/index.ts';
import { createSweepReportBuilder, type SweepReport } from '#lib/report/index.ts';
import type { SweepEvent, SweepTarget } from '#lib/sweep/index.ts';

export const A: SweepTarget = { account: '111111111111', region: 'eu-west-1' };
export const B: SweepTarget = { account: '222222222222', region: 'eu-west-1' };
export const STARTED = new Date('2026-11-29T12:00:00Z');
export const FINISHED = new Date('2026-11-29T12:00:03Z');
export const STANDARD = {
  source: 'ecr-guard.yml',
  sha256: 'a'.repeat(64),
  fileSha256: 'b'.repeat(64),
};
export const TEAM_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 },
      action: { type: 'expire' },
    },
  ],
});
export const STANDARD_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: 1,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 10 },
      action: { type: 'expire' },
    },
  ],
});

/** The repository as the gateway reads it. */
export function state(
  target: SweepTarget,
  name: string,
  extra: Partial<RepositoryEvidence> = {},
): RepositoryEvidence {
  return {
    ...target,
    repositoryName: name,
    repositoryArn: `arn:aws:ecr:${target.region}:${target.account}:repository/${name}`,
    imageTagMutability: 'MUTABLE',
    exclusionFilters: [],
    scanOnPush: false,
    encryptionType: 'AES256',
    lifecyclePolicyText: undefined,
    registryScanning: { scanType: 'BASIC', rules: [] },
    ...extra,
  } as RepositoryEvidence;
}

/** A `repository` event: three controls with the statuses given (writes for planned/remediated). */
export function repository(
  target: SweepTarget,
  name: string,
  statuses: [ControlStatus, ControlStatus, ControlStatus],
  extra: Partial<RepositoryReport> = {},
): SweepEvent {
  const controls = (['immutability', 'lifecycle', 'scanning'] as const).map((control, i) => {
    const status = statuses[i] ?? 'compliant';
    const fixes = status === 'planned' || status === 'remediated';
    const writes = !fixes
      ? []
      : control === 'lifecycle'
        ? [
            {
              action: 'ecr:PutLifecyclePolicy' as const,
              repositoryName: name,
              lifecyclePolicyText: STANDARD_POLICY,
            },
          ]
        : control === 'immutability'
          ? [
              {
                action: 'ecr:PutImageTagMutability' as const,
                repositoryName: name,
                imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION' as const,
                exclusionFilters: ['latest'],
              },
            ]
          : [
              {
                action: 'ecr:PutImageScanningConfiguration' as const,
                repositoryName: name,
                scanOnPush: true as const,
              },
            ];
    return {
      control,
      status,
      ...(status === 'compliant' ? {} : { reason: `${control} reason` }),
      writes,
    };
  });
  return {
    type: 'repository',
    target,
    report: {
      ...target,
      repositoryName: name,
      outcome: 'checked',
      controls,
      ignoredExemptions: [],
      exemptions: [],
      state: state(target, name),
      ...extra,
    },
  };
}

export function build(
  events: SweepEvent[],
  meta: { command?: 'audit' | 'enforce'; dryRun?: boolean } = {},
): SweepReport {
  const builder = createSweepReportBuilder({
    command: meta.command ?? 'audit',
    dryRun: meta.dryRun ?? true,
    regions: ['eu-west-1'],
    accounts: [A.account, B.account],
    startedAt: STARTED,
    standard: STANDARD,
    caller: { account: A.account, arn: `arn:aws:iam::${A.account}:user/auditor` },
    toolVersion: '9.9.9',
  });
  for (const event of events) builder.add(event);
  return builder.build(FINISHED);
}

export const finished = (target: SweepTarget, repositories: number): SweepEvent => ({
  type: 'target-finished',
  target,
  repositories,
});

export const denied = (target: SweepTarget): SweepEvent => ({
  type: 'target-failed',
  target,
  repositories: 0,
  reason: `cannot assume role arn:aws:iam::${target.account}:role/ecr-guard-remediation`,
  retryable: false,
  error: new Error('x'),
});

export const EXEMPT_TAG_REASON = 'tag ecr-guard:exempt=all until 2027-01-31: vendor mirror';

/** A read, an unread account: 1 compliant (immutable with the allowed exclusion), 1 to fix, 1 exempt. */
export function sample(): SweepReport {
  return build([
    repository(A, 'good', ['compliant', 'compliant', 'compliant'], {
      team: 'payments',
      state: state(A, 'good', {
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        exclusionFilters: ['latest'],
        scanOnPush: true,
        lifecyclePolicyText: TEAM_POLICY,
      }),
    }),
    repository(A, 'bad|name', ['planned', 'planned', 'compliant'], {
      state: state(A, 'bad|name', { lifecyclePolicyText: TEAM_POLICY, scanOnPush: true }),
    }),
    repository(A, 'mirror', ['exempt', 'exempt', 'compliant'], {
      team: 'platform',
      exemptions: [
        { control: 'immutability', source: 'tag', reason: EXEMPT_TAG_REASON, until: '2027-01-31' },
        { control: 'lifecycle', source: 'tag', reason: EXEMPT_TAG_REASON, until: '2027-01-31' },
        { control: 'scanning', source: 'tag', reason: EXEMPT_TAG_REASON, until: '2027-01-31' },
      ],
    }),
    finished(A, 3),
    denied(B),
  ]);
}
