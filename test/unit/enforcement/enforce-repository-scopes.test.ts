import { describe, expect, it } from 'vitest';
import { enforceRepository } from '#lib/enforcement/index.ts';
import { parseStandard } from '#lib/standard/index.ts';
import { FakeEcr } from '../../support/fake-ecr.ts';
import { compliantState } from '../../support/repository-state.ts';

const NOW = (): Date => new Date('2026-11-29T12:00:00Z');

const PRODUCTION = {
  name: 'production',
  match: { repositories: ['*-prod-*'], tags: { env: 'prod' } },
  immutability: { mode: 'IMMUTABLE' },
};

function mutable(repositoryName: string): ReturnType<typeof compliantState> {
  return compliantState({ repositoryName, imageTagMutability: 'MUTABLE', exclusionFilters: [] });
}

describe('Function: enforceRepository › scoped standards', () => {
  it('applies the scope that matches, and names it', async () => {
    // Prepare
    const ecr = new FakeEcr(mutable('shop-prod-api'), { env: 'prod' });
    const standard = parseStandard({ scopes: [PRODUCTION] });

    // Act
    const report = await enforceRepository(
      { account: '123456789012', region: 'us-east-1', repositoryName: 'shop-prod-api' },
      { reader: ecr, writer: ecr, standard, dryRun: false, now: NOW },
    );

    // Assess
    expect(report.scope).toBe('production');
    expect(ecr.writes).toEqual([
      {
        action: 'ecr:PutImageTagMutability',
        repositoryName: 'shop-prod-api',
        imageTagMutability: 'IMMUTABLE',
        exclusionFilters: [],
      },
    ]);
  });

  it('applies the base standard when no scope matches, and says so', async () => {
    // Prepare
    const ecr = new FakeEcr(mutable('shop-dev-api'), { env: 'dev' });
    const standard = parseStandard({ scopes: [PRODUCTION] });

    // Act
    const report = await enforceRepository(
      { account: '123456789012', region: 'us-east-1', repositoryName: 'shop-dev-api' },
      { reader: ecr, writer: ecr, standard, dryRun: false, now: NOW },
    );

    // Assess
    expect(report.scope).toBe('default');
    expect(ecr.writes).toEqual([
      expect.objectContaining({
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        exclusionFilters: ['latest'],
      }),
    ]);
  });

  it('holds a compliant repository to its scope: IMMUTABLE_WITH_EXCLUSION is not enough in production', async () => {
    // Prepare: compliant under the base standard.
    const ecr = new FakeEcr(compliantState({ repositoryName: 'shop-prod-api' }), { env: 'prod' });
    const standard = parseStandard({ scopes: [PRODUCTION] });

    // Act
    const report = await enforceRepository(
      { account: '123456789012', region: 'us-east-1', repositoryName: 'shop-prod-api' },
      { reader: ecr, writer: ecr, standard, dryRun: true, now: NOW },
    );

    // Assess
    expect(report.controls.find((c) => c.control === 'immutability')).toMatchObject({
      status: 'planned',
      reason: expect.stringContaining('go beyond the allowed ones (none)'),
    });
  });

  it('reads the tags first only when a scope matches by tag, and no more than once', async () => {
    // Prepare
    const byName = parseStandard({
      scopes: [{ ...PRODUCTION, match: { repositories: ['*-prod-*'] } }],
    });
    const byTag = parseStandard({ scopes: [PRODUCTION] });
    const compliant = (): FakeEcr =>
      new FakeEcr(compliantState({ repositoryName: 'shop-dev-api' }), { env: 'dev' });
    const [nameOnly, tagged] = [compliant(), compliant()];
    const input = { account: '123456789012', region: 'us-east-1', repositoryName: 'shop-dev-api' };

    // Act
    await enforceRepository(input, {
      reader: nameOnly,
      writer: nameOnly,
      standard: byName,
      dryRun: true,
      now: NOW,
    });
    await enforceRepository(input, {
      reader: tagged,
      writer: tagged,
      standard: byTag,
      dryRun: true,
      now: NOW,
    });

    // Assess
    expect(nameOnly.calls).not.toContain('ListTagsForResource');
    expect(tagged.calls.filter((c) => c === 'ListTagsForResource')).toHaveLength(1);
  });
});
