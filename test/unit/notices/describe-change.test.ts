import { describe, expect, it } from 'vitest';
import { describeChange, lifecycleRuleSummary } from '#lib/notices/index.ts';

const TEAM_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'keep 50',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 },
      action: { type: 'expire' },
    },
  ],
});
const STANDARD_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: 14,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
      selection: {
        tagStatus: 'tagged',
        tagPrefixList: ['v'],
        countType: 'imageCountMoreThan',
        countNumber: 100,
      },
      action: { type: 'expire' },
    },
  ],
});
const ORIGIN = { control: 'lifecycle', section: 'lifecycle' };

describe('Function: lifecycleRuleSummary', () => {
  it('says each rule in a short line, by priority', () => {
    // Act
    const lines = lifecycleRuleSummary(STANDARD_POLICY);

    // Assess
    expect(lines).toEqual([
      '#1 expire untagged images pushed more than 14 days ago',
      '#2 expire tagged images with a tag starting v beyond the newest 100',
    ]);
  });

  it('says no rule for no policy, and names a policy that is not JSON', () => {
    // Assess
    expect(lifecycleRuleSummary(undefined)).toEqual([]);
    expect(lifecycleRuleSummary('{nope')).toEqual(['(a policy that is not JSON)']);
  });
});

describe('Function: describeChange', () => {
  it('names the mutability before and after, with the exclusions', () => {
    // Act
    const change = describeChange(
      {
        action: 'ecr:PutImageTagMutability',
        repositoryName: 'app',
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        exclusionFilters: ['latest'],
      },
      { imageTagMutability: 'MUTABLE', exclusionFilters: [] },
      { control: 'immutability', section: 'immutability' },
    );

    // Assess
    expect(change).toMatchObject({
      summary: 'tag mutability: MUTABLE → IMMUTABLE_WITH_EXCLUSION (exclusions: latest)',
      before: 'MUTABLE',
      after: 'IMMUTABLE_WITH_EXCLUSION (exclusions: latest)',
    });
  });

  it('lists the rules removed when a policy is replaced', () => {
    // Act
    const change = describeChange(
      {
        action: 'ecr:PutLifecyclePolicy',
        repositoryName: 'app',
        lifecyclePolicyText: STANDARD_POLICY,
      },
      { lifecyclePolicyText: TEAM_POLICY },
      ORIGIN,
    );

    // Assess
    expect(change).toMatchObject({
      summary: 'lifecycle policy replaced (2 rules, 1 removed)',
      removedRules: ['#1 expire images beyond the newest 50 ("keep 50")'],
    });
  });

  it('says a policy was attached where there was none, without a removed list', () => {
    // Act
    const change = describeChange(
      {
        action: 'ecr:PutLifecyclePolicy',
        repositoryName: 'app',
        lifecyclePolicyText: STANDARD_POLICY,
      },
      {},
      ORIGIN,
    );

    // Assess
    expect(change.summary).toBe('lifecycle policy attached (2 rules)');
    expect(change.before).toBe('no lifecycle policy');
    expect(change.removedRules).toBeUndefined();
  });

  it('turns scan on push on', () => {
    // Act
    const change = describeChange(
      { action: 'ecr:PutImageScanningConfiguration', repositoryName: 'app', scanOnPush: true },
      { scanOnPush: false },
      { control: 'scanning', section: 'scanning' },
    );

    // Assess
    expect(change.summary).toBe('scan on push off → scan on push on');
  });
});
