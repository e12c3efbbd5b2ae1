import { describe, expect, it } from 'vitest';
import { CONTROLS, REPOSITORY_CONTROLS } from '#lib/controls/index.ts';
import {
  createSweepReportBuilder,
  renderReport,
  reportExitCode,
  SweepReportSchema,
  verdict,
} from '#lib/report/index.ts';
import type { SweepEvent } from '#lib/sweep/index.ts';
import {
  A,
  B,
  build,
  denied,
  finished,
  repository,
  STANDARD,
  STARTED,
  sample,
} from './report-samples.ts';

describe('Function: createSweepReportBuilder', () => {
  it('counts repositories per account and per control; an audit calls what it would fix a violation', () => {
    // Act
    const report = sample();

    // Assess
    expect(report.summary).toEqual({
      repositories: 3,
      compliant: 1,
      exempt: 1,
      remediated: 0,
      planned: 0,
      nonCompliant: 1,
      skipped: 0,
      failed: 0,
      targets: 2,
      targetsFailed: 1,
      exemptions: 3,
    });
    expect(report.byControl[0]).toEqual({
      control: 'immutability',
      level: 'repository',
      fixable: true,
      pass: 1,
      exempt: 1,
      violation: 1,
      planned: 0,
      remediated: 0,
      notChecked: 0,
    });
  });

  it('says of every control its level and whether ecr-guard can fix it', () => {
    // Act
    const report = sample();

    // Assess
    expect(report.byControl.map((c) => [c.control, c.level, c.fixable])).toEqual([
      ['immutability', 'repository', true],
      ['lifecycle', 'repository', true],
      ['scanning', 'repository', true],
      ['naming', 'repository', false],
      ['repository-policy', 'repository', true],
      ['encryption', 'repository', false],
      ['tag-strategy', 'repository', false],
      ['creation-templates', 'registry', true],
      ['registry-scanning', 'registry', true],
      ['vpc-endpoints', 'registry', false],
    ]);
  });

  it('keeps one result per repository and control, pass rows included, with the ARN, team and scope', () => {
    // Act
    const good = sample().repositories.find((r) => r.repositoryName === 'good');

    // Assess
    expect(good).toMatchObject({
      repositoryArn: `arn:aws:ecr:eu-west-1:${A.account}:repository/good`,
      team: 'payments',
      scope: 'default',
      status: 'compliant',
    });
    expect(good?.controls.map((c) => [c.control, c.status])).toEqual([
      ['immutability', 'pass'],
      ['lifecycle', 'pass'],
      ['scanning', 'pass'],
    ]);
  });

  it('takes the scope from the enforcement report when it names one', () => {
    // Act
    const report = build([
      repository(A, 'prod-api', ['compliant', 'compliant', 'compliant'], { scope: 'production' }),
    ]);

    // Assess
    expect(report.repositories[0]?.scope).toBe('production');
  });

  it('carries the exact values a fix writes and those it replaces, a policy as a diff', () => {
    // Act
    const bad = sample().repositories.find((r) => r.repositoryName === 'bad|name');
    const [immutability, lifecycle] = bad?.controls ?? [];

    // Assess
    expect(immutability?.fix).toEqual([
      {
        action: 'ecr:PutImageTagMutability',
        values: { imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', exclusionFilters: ['latest'] },
        current: { imageTagMutability: 'MUTABLE', exclusionFilters: [] },
        change:
          'imageTagMutability: "MUTABLE" → "IMMUTABLE_WITH_EXCLUSION"\nexclusionFilters: [] → ["latest"]',
      },
    ]);
    const change = lifecycle?.fix[0]?.change ?? '';
    expect(change).toMatch(
      /^--- lifecyclePolicyText \(current\)\n\+\+\+ lifecyclePolicyText \(written\)\n@@ /,
    );
    expect(change).toContain('-        "countNumber": 50');
    expect(change).toContain('+        "tagStatus": "untagged",');
  });

  it('maps each control to FSBP and AWS Config, and says where ecr-guard differs on purpose', () => {
    // Act
    const report = sample();
    const good = report.repositories.find((r) => r.repositoryName === 'good');
    const bad = report.repositories.find((r) => r.repositoryName === 'bad|name');

    // Assess
    expect(good?.controls[0]?.frameworks).toEqual([
      { framework: 'AWS FSBP', id: 'ECR.2' },
      { framework: 'AWS Config', id: 'ecr-private-tag-immutability-enabled' },
    ]);
    expect(good?.controls[0]?.frameworkNote).toContain('fails IMMUTABLE_WITH_EXCLUSION');
    expect(good?.controls[0]?.frameworkNote).toContain('(latest)');
    expect(bad?.controls[0]?.frameworkNote).toBeUndefined();
    expect(bad?.controls[1]?.frameworkNote).toContain('ECR.3 passes any lifecycle policy');
  });

  it('reports every control of a repository that failed as not checked', () => {
    // Act
    const report = build([
      {
        type: 'repository-failed',
        target: A,
        repositoryName: 'flaky',
        reason: 'ThrottlingException',
        retryable: true,
        error: new Error('throttled'),
      },
      finished(A, 1),
    ]);

    // Assess
    // Every repository-level control, none judged.
    expect(report.repositories[0]?.controls.map((c) => c.status)).toEqual(
      REPOSITORY_CONTROLS.map(() => 'not-checked'),
    );
    // One row per control of the registry, registry-level ones included (none reported here).
    expect(report.byControl.map((c) => [c.control, c.notChecked])).toEqual(
      CONTROLS.map((c) => [c.name, c.level === 'repository' ? 1 : 0]),
    );
  });

  it('gives an account not read in full no percentage', () => {
    // Act
    const report = sample();

    // Assess
    expect(report.byAccount).toEqual([
      expect.objectContaining({ account: A.account, compliancePercent: 66.7, targetsFailed: 0 }),
      expect.objectContaining({ account: B.account, compliancePercent: null, targetsFailed: 1 }),
    ]);
  });

  it('writes the run header: version, standard, caller, asked for and reached, times', () => {
    // Act
    const { run } = sample();

    // Assess
    expect(run).toEqual({
      tool: { name: 'ecr-guard', version: '9.9.9' },
      command: 'audit',
      dryRun: true,
      standard: STANDARD,
      caller: { account: A.account, arn: `arn:aws:iam::${A.account}:user/auditor` },
      asked: { accounts: [A.account, B.account], regions: ['eu-west-1'] },
      reached: { accounts: [A.account], regions: ['eu-west-1'] },
      startedAt: '2026-11-29T12:00:00.000Z',
      finishedAt: '2026-11-29T12:00:03.000Z',
      durationMs: 3000,
    });
  });

  it('keeps registry-level results apart, per account and region', () => {
    // Prepare
    const builder = createSweepReportBuilder({
      command: 'audit',
      dryRun: true,
      regions: ['eu-west-1'],
      startedAt: STARTED,
      standard: STANDARD,
    });
    builder.add(finished(A, 0));

    // Act
    builder.addRegistryResult({
      ...A,
      control: 'registry-scanning',
      status: 'violation',
      reason: 'basic scanning engine is CLAIR',
      fix: [],
      frameworks: [],
    });
    const report = builder.build(new Date(STARTED.getTime() + 10));

    // Assess
    expect(report.registry).toHaveLength(1);
    expect(report.byControl.find((c) => c.control === 'registry-scanning')?.violation).toBe(1);
    expect(reportExitCode(report)).toBe(1);
    // The verdict says so: a compliant registry of repositories is not a compliant registry.
    expect(verdict(report)).toContain('1 registry result is not compliant (registry-scanning).');
  });

  it('produces a document that the published JSON schema accepts', () => {
    // Act
    const json = JSON.parse(renderReport(sample(), 'json'));

    // Assess
    expect(SweepReportSchema.safeParse(json).success).toBe(true);
    expect(json.schemaVersion).toBe(2);
  });

  it('marks an exemption applied when it keeps a failing control, latent when the control passes anyway', () => {
    // Act
    const mirror = sample().repositories.find((r) => r.repositoryName === 'mirror');

    // Assess
    expect(mirror?.exemptions.map((e) => [e.control, e.applied])).toEqual([
      ['immutability', true],
      ['lifecycle', true],
      ['scanning', false],
    ]);
  });
});

describe('Function: reportExitCode', () => {
  const failedRepository: SweepEvent = {
    type: 'repository-failed',
    target: A,
    repositoryName: 'a',
    reason: 'throttled',
    retryable: true,
    error: new Error('throttled'),
  };

  it.each([
    [
      'every repository compliant or exempt',
      [repository(A, 'a', ['compliant', 'exempt', 'compliant'])],
      0,
    ],
    ['a violation', [repository(A, 'a', ['violation', 'compliant', 'compliant'])], 1],
    ['a fix a dry run would make', [repository(A, 'a', ['planned', 'compliant', 'compliant'])], 1],
    ['everything remediated', [repository(A, 'a', ['remediated', 'remediated', 'compliant'])], 0],
    ['a repository that failed', [failedRepository], 2],
    ['nothing to check at all', [], 2],
    ['every account/region failed', [denied(A), denied(B)], 2],
  ] as const)('is %s → %i', (_what, events, code) => {
    expect(reportExitCode(build([...events], { command: 'enforce', dryRun: false }))).toBe(code);
  });

  it('counts a report-only control’s violation (no fix to make) as a violation: 1', () => {
    // Prepare: the three first controls pass; naming, which only reports, does not.
    const base = repository(A, 'stuff', ['compliant', 'compliant', 'compliant']);
    const event: SweepEvent =
      base.type === 'repository'
        ? {
            ...base,
            report: {
              ...base.report,
              controls: [
                ...base.report.controls,
                { control: 'naming', status: 'violation', reason: 'not named', writes: [] },
              ],
            },
          }
        : base;

    // Act
    const report = build([event, finished(A, 1)], { command: 'audit', dryRun: true });

    // Assess
    expect(report.repositories[0]?.status).toBe('non-compliant');
    expect(reportExitCode(report)).toBe(1);
  });

  it('is 2 when an account failed, even with violations elsewhere', () => {
    expect(reportExitCode(sample())).toBe(2);
  });
});

describe('Function: verdict', () => {
  it.each([
    ['nothing to check', [], 'Nothing was checked: there was no account and region to check.'],
    [
      'every target failed',
      [denied(A), denied(B)],
      'Nothing was checked: none of the 2 account/regions could be read.',
    ],
    [
      'an account failed',
      [repository(A, 'a', ['violation', 'compliant', 'compliant']), finished(A, 1), denied(B)],
      'Incomplete: 1 of 2 account/regions and 0 repositories could not be checked (counted apart, not as compliant). Of the 1 repository checked, 1 is not compliant.',
    ],
    [
      'an empty account',
      [finished(A, 0)],
      'No repository was found in the 1 account/region checked.',
    ],
    [
      'every repository compliant',
      [repository(A, 'a', ['compliant', 'compliant', 'compliant']), finished(A, 1)],
      'Every repository checked is compliant or exempt: 1 repository in 1 account/region.',
    ],
  ] as const)('says so when %s, without any CLI wording', (_what, events, text) => {
    // Act
    const said = verdict(build([...events]));

    // Assess
    expect(said).toBe(text);
    expect(said).not.toMatch(/exit|--/);
  });
});
