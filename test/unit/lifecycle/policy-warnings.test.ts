import { describe, expect, it } from 'vitest';
import { lifecyclePolicyWarnings } from '#lib/lifecycle/index.ts';
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from '#lib/standard/index.ts';

const SCANNER = 'arn:aws:iam::123456789012:role/trivy-scanner';
const PULLED: LifecyclePolicy = {
  rules: [
    {
      rulePriority: 1,
      selection: {
        tagStatus: 'any',
        countType: 'sinceImagePulled',
        countUnit: 'days',
        countNumber: 120,
      },
      action: { type: 'transition', targetStorageClass: 'archive' },
    },
  ],
};

describe('Function: lifecyclePolicyWarnings', () => {
  it('has nothing to say about the default policy', () => {
    // Assess
    expect(lifecyclePolicyWarnings(DEFAULT_LIFECYCLE_POLICY)).toEqual([]);
  });

  it('warns about a transition that archives images pushed less than 90 days ago', () => {
    // Prepare
    const policy: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          selection: {
            tagStatus: 'any',
            countType: 'sinceImagePushed',
            countUnit: 'days',
            countNumber: 30,
          },
          action: { type: 'transition', targetStorageClass: 'archive' },
        },
      ],
    };

    // Assess
    expect(lifecyclePolicyWarnings(policy)).toEqual([
      {
        path: 'rules[0]',
        message: expect.stringContaining('pushed less than 90 days ago'),
      },
    ]);
  });

  it('warns that a rule with two prefixes means all of them, not any', () => {
    // Prepare
    const policy: LifecyclePolicy = {
      rules: [
        {
          rulePriority: 1,
          selection: {
            tagStatus: 'tagged',
            tagPrefixList: ['prod', 'latest'],
            countType: 'imageCountMoreThan',
            countNumber: 9999,
          },
          action: { type: 'expire' },
        },
      ],
    };

    // Assess
    expect(lifecyclePolicyWarnings(policy)[0]?.message).toMatch(/every one of them, not any/);
  });

  it.each([
    { context: {}, expected: /make sure the registry's pull-time update exclusions/ },
    { context: { pullTimeExclusions: [] }, expected: /no pull-time update exclusions/ },
    {
      context: { pullTimeExclusions: [], scannerRoleArns: [SCANNER] },
      expected: /do not list the scanner\(s\) arn:aws:iam::123456789012:role\/trivy-scanner/,
    },
  ])(
    'warns about sinceImagePulled when scanners can reset the clock ($context)',
    ({ context, expected }) => {
      // Assess
      expect(lifecyclePolicyWarnings(PULLED, context).map((w) => w.message)).toEqual([
        expect.stringMatching(expected),
      ]);
    },
  );

  it('is quiet about sinceImagePulled when every scanner is excluded', () => {
    // Assess
    expect(
      lifecyclePolicyWarnings(PULLED, {
        pullTimeExclusions: [SCANNER],
        scannerRoleArns: [SCANNER],
      }),
    ).toEqual([]);
  });
});
