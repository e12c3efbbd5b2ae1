import { describe, expect, it } from 'vitest';
import type { ControlStatus, RepositoryReport } from '#lib/enforcement/index.ts';
import {
  createSweepReportBuilder,
  renderHtml,
  renderMarkdown,
  renderReport,
  renderTable,
  reportExitCode,
  type SweepReport,
  SweepReportSchema,
} from '#lib/report/index.ts';
import type { SweepEvent, SweepTarget } from '#lib/sweep/index.ts';

const A: SweepTarget = { account: '111111111111', region: 'eu-west-1' };
const B: SweepTarget = { account: '222222222222', region: 'eu-west-1' };
const STARTED = new Date('2026-11-29T12:00:00Z');
const FINISHED = new Date('2026-11-29T12:00:03Z');

function repository(
  target: SweepTarget,
  name: string,
  statuses: [ControlStatus, ControlStatus, ControlStatus],
  extra: Partial<RepositoryReport> = {},
): SweepEvent {
  const controls = (['immutability', 'lifecycle', 'scanning'] as const).map((control, i) => {
    const status = statuses[i] ?? 'compliant';
    return {
      control,
      status,
      ...(status === 'compliant' ? {} : { reason: `${control} reason` }),
      writes:
        status === 'planned' || status === 'remediated'
          ? [
              {
                action: 'ecr:PutLifecyclePolicy' as const,
                repositoryName: name,
                lifecyclePolicyText: '{}',
              },
            ]
          : [],
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
      ...extra,
    },
  };
}

function build(
  events: SweepEvent[],
  meta: { command?: 'audit' | 'enforce'; dryRun?: boolean } = {},
): SweepReport {
  const builder = createSweepReportBuilder({
    command: meta.command ?? 'audit',
    dryRun: meta.dryRun ?? true,
    regions: ['eu-west-1'],
    startedAt: STARTED,
  });
  for (const event of events) builder.add(event);
  return builder.build(FINISHED);
}

const finished = (target: SweepTarget, repositories: number): SweepEvent => ({
  type: 'target-finished',
  target,
  repositories,
});

const EXEMPT_TAG_REASON = 'tag ecr-guard:exempt=all until 2027-01-31: vendor mirror';

function sample(): SweepReport {
  return build([
    repository(A, 'good', ['compliant', 'compliant', 'compliant']),
    repository(A, 'bad|name', ['planned', 'planned', 'compliant']),
    repository(A, 'mirror', ['exempt', 'exempt', 'compliant'], {
      team: 'platform',
      exemptions: [
        { control: 'immutability', source: 'tag', reason: EXEMPT_TAG_REASON, until: '2027-01-31' },
        { control: 'lifecycle', source: 'tag', reason: EXEMPT_TAG_REASON, until: '2027-01-31' },
        { control: 'scanning', source: 'tag', reason: EXEMPT_TAG_REASON, until: '2027-01-31' },
      ],
    }),
    finished(A, 3),
    {
      type: 'target-failed',
      target: B,
      repositories: 0,
      reason: 'cannot assume role arn:aws:iam::222222222222:role/ecr-guard-remediation',
      retryable: false,
      error: new Error('x'),
    },
  ]);
}

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
    expect(report.byAccount).toEqual([
      expect.objectContaining({
        account: '111111111111',
        repositories: 3,
        compliancePercent: 66.7,
      }),
      expect.objectContaining({ account: '222222222222', repositories: 0, targetsFailed: 1 }),
    ]);
    expect(report.byControl[0]).toEqual({
      control: 'immutability',
      compliant: 1,
      exempt: 1,
      violation: 1,
      planned: 0,
      remediated: 0,
    });
    expect(report.repositories.find((r) => r.repositoryName === 'bad|name')?.controls[0]).toEqual({
      control: 'immutability',
      status: 'violation',
      reason: 'immutability reason',
      fix: ['ecr:PutLifecyclePolicy'],
    });
  });

  it('marks an exemption applied when it keeps a failing control, latent when the control passes anyway', () => {
    // Act
    const report = sample();

    // Assess
    const mirror = report.repositories.find((r) => r.repositoryName === 'mirror');
    expect(mirror?.exemptions.map((e) => [e.control, e.applied])).toEqual([
      ['immutability', true],
      ['lifecycle', true],
      ['scanning', false],
    ]);
  });

  it('produces a document that the published JSON schema accepts', () => {
    // Act
    const json = JSON.parse(renderReport(sample(), 'json'));

    // Assess
    expect(SweepReportSchema.safeParse(json).success).toBe(true);
  });
});

describe('Function: reportExitCode', () => {
  it.each([
    [
      'every repository compliant or exempt',
      [repository(A, 'a', ['compliant', 'exempt', 'compliant'])],
      0,
    ],
    ['a violation', [repository(A, 'a', ['violation', 'compliant', 'compliant'])], 1],
    ['a fix an audit would make', [repository(A, 'a', ['planned', 'compliant', 'compliant'])], 1],
    ['everything remediated', [repository(A, 'a', ['remediated', 'remediated', 'compliant'])], 0],
    [
      'a repository that failed',
      [
        {
          type: 'repository-failed',
          target: A,
          repositoryName: 'a',
          reason: 'throttled',
          retryable: true,
          error: new Error('throttled'),
        } satisfies SweepEvent,
      ],
      2,
    ],
  ] as const)('is %s → %i', (_what, events, code) => {
    expect(reportExitCode(build([...events], { command: 'enforce', dryRun: false }))).toBe(code);
  });

  it('is 2 when an account failed, even with violations elsewhere', () => {
    expect(reportExitCode(sample())).toBe(2);
  });
});

describe('Function: renderTable', () => {
  it('shows the totals per account and per control, the violations and the failures', () => {
    // Act
    const text = renderTable(sample());

    // Assess
    expect(text).toMatch(/^111111111111\s+3\s+1\s+1\s+1\s+0\s+0\s+0\s+0\s+66\.7%$/m);
    expect(text).toMatch(/^immutability\s+1\s+1\s+1\s+0\s+0$/m);
    expect(text).toContain('Violations (2)');
    expect(text).toContain('222222222222/eu-west-1: cannot assume role');
    expect(text.trimEnd().split('\n').at(-1)).toContain('(exit 2)');
  });
});

describe('Function: renderMarkdown', () => {
  it('has a row per account, violation and exemption, with pipes escaped', () => {
    // Act
    const markdown = renderMarkdown(sample());

    // Assess
    expect(markdown).toContain('| 111111111111 | 3 | 1 | 1 | 1 | 0 | 0 | 0 | 66.7% |');
    expect(markdown).toContain('| 111111111111 | eu-west-1 | bad\\|name |  | immutability |');
    expect(markdown).toContain('| mirror | immutability | applied | 2027-01-31 | tag |');
    expect(markdown).toContain('## Not checked (1)');
  });
});

describe('Function: renderHtml', () => {
  it('is one self-contained page with the chart, the violations and the exemptions', () => {
    // Act
    const html = renderHtml(sample());

    // Assess
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('<td>bad|name</td><td></td><td>immutability</td>');
    expect(html).toContain('<td>2027-01-31</td>');
    expect(html).not.toMatch(/<script|<link|src=|@import/i);
  });

  it('escapes every value taken from AWS', () => {
    // Prepare
    const hostile = '<script>alert("x")</script>';
    const report = build([
      repository(A, 'evil', ['violation', 'compliant', 'compliant'], { team: hostile }),
      {
        type: 'target-failed',
        target: B,
        repositories: 0,
        reason: `AccessDenied: ${hostile}`,
        retryable: false,
        error: undefined,
      },
    ]);

    // Act
    const html = renderHtml(report);

    // Assess
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
});
