import { describe, expect, it } from 'vitest';
import { enforceRepository } from '#lib/enforcement/index.ts';
import { FakeEcr } from '../../support/fake-ecr.ts';
import { compliantState, standardWith } from '../../support/repository-state.ts';

const INPUT = {
  account: '123456789012',
  region: 'us-east-1',
  repositoryName: 'payments-checkout-api',
};
const NOW = (): Date => new Date('2026-11-29T12:00:00Z');

function nonCompliant(): ReturnType<typeof compliantState> {
  return compliantState({
    imageTagMutability: 'MUTABLE',
    exclusionFilters: [],
    scanOnPush: false,
    lifecyclePolicyText: undefined,
  });
}

describe('Function: enforceRepository', () => {
  it('costs reads only on a compliant repository', async () => {
    // Prepare
    const ecr = new FakeEcr(compliantState());

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: NOW,
    });

    // Assess: every repository-level control, one read per fact.
    expect(report.controls.map((c) => [c.control, c.status])).toEqual([
      ['immutability', 'compliant'],
      ['lifecycle', 'compliant'],
      ['scanning', 'compliant'],
      ['naming', 'compliant'],
      ['repository-policy', 'compliant'],
      ['encryption', 'compliant'],
      ['tag-strategy', 'compliant'],
    ]);
    expect(ecr.calls.sort()).toEqual([
      'DescribeImages',
      'DescribeRepositories',
      'GetLifecyclePolicy',
      'GetRegistryScanningConfiguration',
      'GetRepositoryPolicy',
    ]);
  });

  it('remediates every control that is missing, and the repository ends compliant', async () => {
    // Prepare
    const ecr = new FakeEcr(nonCompliant(), { team: 'payments' });
    const deps = { reader: ecr, writer: ecr, standard: standardWith(), dryRun: false, now: NOW };

    // Act
    const report = await enforceRepository(INPUT, deps);
    const again = await enforceRepository(INPUT, deps);

    // Assess
    expect(report.team).toBe('payments');
    expect(report.controls.map((c) => [c.control, c.status])).toEqual([
      ['immutability', 'remediated'],
      ['lifecycle', 'remediated'],
      ['scanning', 'remediated'],
      ['naming', 'compliant'],
      ['repository-policy', 'compliant'],
      ['encryption', 'compliant'],
      ['tag-strategy', 'compliant'],
    ]);
    expect(ecr.writes.map((w) => w.action)).toEqual([
      'ecr:PutImageTagMutability',
      'ecr:PutLifecyclePolicy',
      'ecr:PutImageScanningConfiguration',
    ]);
    expect(again.controls.every((c) => c.status === 'compliant')).toBe(true);
  });

  it('plans the writes and makes none in a dry run', async () => {
    // Prepare
    const ecr = new FakeEcr(nonCompliant());

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: true,
      now: NOW,
    });

    // Assess
    expect(report.controls.map((c) => c.status)).toEqual([
      'planned',
      'planned',
      'planned',
      'compliant',
      'compliant',
      'compliant',
      'compliant',
    ]);
    expect(report.controls.flatMap((c) => c.writes)).toHaveLength(3);
    expect(ecr.writes).toEqual([]);
  });

  it('leaves an exempt control alone and says why', async () => {
    // Prepare
    const ecr = new FakeEcr(nonCompliant(), { 'ecr-guard:exempt': 'lifecycle' });

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: NOW,
    });

    // Assess
    expect(report.controls[1]).toEqual({
      control: 'lifecycle',
      status: 'exempt',
      reason: 'tag ecr-guard:exempt=lifecycle',
      writes: [],
    });
    expect(ecr.writes.map((w) => w.action)).not.toContain('ecr:PutLifecyclePolicy');
  });

  it('enforces despite an expired exemption, and reports it', async () => {
    // Prepare
    const ecr = new FakeEcr(nonCompliant(), {
      'ecr-guard:exempt': 'all',
      'ecr-guard:exempt-until': '2026-01-01',
    });

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: NOW,
    });

    // Assess
    expect(report.controls.slice(0, 3).map((c) => c.status)).toEqual([
      'remediated',
      'remediated',
      'remediated',
    ]);
    expect(report.ignoredExemptions).toEqual([
      {
        source: 'tag',
        reason: 'tag ecr-guard:exempt=all until 2026-01-01: expired on 2026-01-01',
      },
    ]);
  });

  it('skips a repository that does not exist', async () => {
    // Prepare
    const ecr = new FakeEcr(undefined);

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: NOW,
    });

    // Assess
    expect(report).toMatchObject({ outcome: 'skipped', controls: [] });
    expect(ecr.writes).toEqual([]);
  });

  it('skips, without error, a repository deleted between the read and the fix', async () => {
    // Prepare
    const ecr = new FakeEcr(nonCompliant());
    const writer = {
      apply: async (): Promise<void> => {
        ecr.state = undefined;
        await ecr.apply({
          action: 'ecr:PutLifecyclePolicy',
          repositoryName: 'x',
          lifecyclePolicyText: '',
        });
      },
    };

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer,
      standard: standardWith(),
      dryRun: false,
      now: NOW,
    });

    // Assess
    expect(report).toMatchObject({
      outcome: 'skipped',
      skipReason: 'repository payments-checkout-api no longer exists',
    });
  });
});

describe('Function: enforceRepository › the owner a name tells', () => {
  it('takes the {team} segment of a conforming name as the owner of a repository without a team tag', async () => {
    // Prepare: not compliant (so the tags are read), and no team tag.
    const ecr = new FakeEcr(nonCompliant(), {});

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: true,
      now: NOW,
    });

    // Assess
    expect(report.team).toBe('payments');
  });

  it('prefers the team tag to the name', async () => {
    // Prepare
    const ecr = new FakeEcr(nonCompliant(), { team: 'checkout-squad' });

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: true,
      now: NOW,
    });

    // Assess
    expect(report.team).toBe('checkout-squad');
  });
});
