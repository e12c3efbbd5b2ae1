import { describe, expect, it } from 'vitest';
import { AwsCallError } from '#lib/aws/index.ts';
import { enforceRepository } from '#lib/enforcement/index.ts';
import { FakeEcr } from '../../support/fake-ecr.ts';
import { compliantState, standardWith } from '../../support/repository-state.ts';

const NOW = (): Date => new Date('2026-11-29T12:00:00Z');
const CACHE = 'docker-hub/library/nginx';

function mutableCache(): ReturnType<typeof compliantState> {
  return compliantState({
    repositoryName: CACHE,
    repositoryArn: `arn:aws:ecr:us-east-1:123456789012:repository/${CACHE}`,
    imageTagMutability: 'MUTABLE',
    exclusionFilters: [],
  });
}

const INPUT = { account: '123456789012', region: 'us-east-1', repositoryName: CACHE };

describe('Function: enforceRepository (sweep options)', () => {
  it('leaves the tags of a pull-through cache repository mutable, and reports the exemption', async () => {
    // Prepare
    const ecr = new FakeEcr(mutableCache());
    ecr.pullThroughCache = ['docker-hub'];

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: NOW,
    });

    // Assess
    expect(report.controls[0]).toMatchObject({ control: 'immutability', status: 'exempt' });
    // ECR names it after the upstream image: exempt from naming too.
    expect(report.exemptions).toEqual([
      expect.objectContaining({ control: 'immutability', source: 'pull-through-cache' }),
      expect.objectContaining({ control: 'naming', source: 'pull-through-cache' }),
    ]);
    expect(ecr.writes).toEqual([]);
  });

  it('holds a pull-through cache repository to immutability when the standard says so', async () => {
    // Prepare
    const ecr = new FakeEcr(mutableCache());
    ecr.pullThroughCache = ['docker-hub'];
    const standard = standardWith();
    standard.immutability.exemptPullThroughCache = false;
    // Naming would read the rules for its own exemption of the cache's upstream name.
    standard.naming.exemptPullThroughCache = false;

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard,
      dryRun: false,
      now: NOW,
    });

    // Assess
    expect(report.controls[0]).toMatchObject({ status: 'remediated' });
    expect(ecr.calls).not.toContain('DescribePullThroughCacheRules');
  });

  it('does not make tags immutable when the pull-through cache rules cannot be read, and says why', async () => {
    // Prepare
    const ecr = new FakeEcr(mutableCache());
    ecr.pullThroughCache = new AwsCallError(
      {
        operation: 'ecr:DescribePullThroughCacheRules',
        account: '123456789012',
        region: 'us-east-1',
        retryable: false,
      },
      { cause: new Error('AccessDenied') },
    );

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: NOW,
    });

    // Assess
    expect(report.controls[0]).toMatchObject({
      status: 'violation',
      reason: expect.stringContaining('pull-through cache rules could not be read'),
    });
    expect(ecr.writes).toEqual([]);
  });

  it('never reads the pull-through cache rules for an immutable repository', async () => {
    // Prepare
    const ecr = new FakeEcr(compliantState({ scanOnPush: false }));

    // Act
    await enforceRepository(
      { ...INPUT, repositoryName: 'payments-checkout-api' },
      { reader: ecr, writer: ecr, standard: standardWith(), dryRun: true, now: NOW },
    );

    // Assess
    expect(ecr.calls).not.toContain('DescribePullThroughCacheRules');
  });

  it("reads a compliant repository's tags with readTags: 'always' and lists its latent exemptions", async () => {
    // Prepare
    const ecr = new FakeEcr(compliantState(), {
      'ecr-guard:exempt': 'lifecycle',
      'ecr-guard:exempt-until': '2027-03-31',
      team: 'payments',
    });

    // Act
    const report = await enforceRepository(
      { ...INPUT, repositoryName: 'payments-checkout-api' },
      {
        reader: ecr,
        writer: ecr,
        standard: standardWith(),
        dryRun: true,
        now: NOW,
        readTags: 'always',
      },
    );

    // Assess
    expect(report.controls.every((c) => c.status === 'compliant')).toBe(true);
    expect(report.controls).toHaveLength(7);
    expect(report.team).toBe('payments');
    expect(report.exemptions).toEqual([
      { control: 'lifecycle', source: 'tag', reason: expect.any(String), until: '2027-03-31' },
    ]);
  });
});
