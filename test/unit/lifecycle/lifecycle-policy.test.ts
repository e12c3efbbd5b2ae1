import { describe, expect, it } from 'vitest';
import {
  canonicalLifecyclePolicyText,
  type LifecyclePolicy,
  LifecyclePolicySchema,
  type LifecycleRule,
  lifecyclePoliciesEqual,
} from '#lib/lifecycle/lifecycle-policy.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '#lib/standard/default-standard.ts';
import { StandardValidationError } from '#lib/standard/errors.ts';
import { parseStandard } from '#lib/standard/load-standard.ts';

/** The default policy with rule `index` replaced (or extended) by `rule`. */
function policyWith(index: number, rule: Record<string, unknown>): Record<string, unknown> {
  const rules: unknown[] = structuredClone(DEFAULT_LIFECYCLE_POLICY.rules);
  rules[index] = { ...(rules[index] as Record<string, unknown>), ...rule };
  return { rules };
}

function expireRule(
  rulePriority: number,
  selection: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { rulePriority, selection, action: { type: 'expire' }, ...extra };
}

function issuesOf(policy: unknown): unknown {
  try {
    parseStandard({ lifecycle: { policy } });
  } catch (error) {
    if (error instanceof StandardValidationError) {
      return error.issues;
    }
    throw error;
  }
  return [];
}

describe('Schema: LifecyclePolicySchema', () => {
  it('accepts the default policy', () => {
    // Act
    const result = LifecyclePolicySchema.safeParse(DEFAULT_LIFECYCLE_POLICY);

    // Assess
    expect(result.success).toBe(true);
  });

  it.each([
    {
      name: 'an archive transition on pull time followed by expiry from archive',
      policy: {
        rules: [
          {
            rulePriority: 1,
            selection: {
              tagStatus: 'any',
              countType: 'sinceImagePulled',
              countUnit: 'days',
              countNumber: 90,
            },
            action: { type: 'transition', targetStorageClass: 'archive' },
          },
          {
            rulePriority: 2,
            selection: {
              tagStatus: 'any',
              storageClass: 'archive',
              countType: 'sinceImageTransitioned',
              countUnit: 'days',
              countNumber: 365,
            },
            action: { type: 'expire' },
          },
        ],
      },
    },
    {
      name: 'ECR’s own example combining archive and expire rules',
      policy: {
        rules: [
          {
            rulePriority: 1,
            description: 'Archive images older than 30 days',
            selection: {
              tagStatus: 'any',
              countType: 'sinceImagePushed',
              countUnit: 'days',
              countNumber: 30,
            },
            action: { type: 'transition', targetStorageClass: 'archive' },
          },
          {
            rulePriority: 2,
            description: 'Expire images archived for more than 365 days',
            selection: {
              tagStatus: 'any',
              storageClass: 'archive',
              countType: 'sinceImageTransitioned',
              countUnit: 'days',
              countNumber: 365,
            },
            action: { type: 'expire' },
          },
        ],
      },
    },
    {
      name: 'a tag pattern with exactly 4 wildcards',
      policy: policyWith(0, {
        selection: {
          tagStatus: 'tagged',
          tagPatternList: ['*test*1*2*3'],
          countType: 'imageCountMoreThan',
          countNumber: 5,
        },
      }),
    },
  ])('accepts $name', ({ policy }) => {
    // Act
    const issues = issuesOf(policy);

    // Assess
    expect(issues).toEqual([]);
  });

  it.each([
    {
      rule: 'rulePriority is unique',
      policy: policyWith(1, { rulePriority: 1 }),
      path: 'lifecycle.policy.rules[1].rulePriority',
      message: 'must be unique (rules[0] also has 1)',
    },
    {
      rule: 'rulePriority is an integer ≥ 1',
      policy: policyWith(0, { rulePriority: 0 }),
      path: 'lifecycle.policy.rules[0].rulePriority',
      message: 'must be an integer ≥ 1',
    },
    {
      rule: 'tagged needs tagPrefixList or tagPatternList',
      policy: policyWith(
        0,
        expireRule(1, { tagStatus: 'tagged', countType: 'imageCountMoreThan', countNumber: 5 }),
      ),
      path: 'lifecycle.policy.rules[0].selection',
      message: 'tagStatus tagged needs tagPrefixList or tagPatternList',
    },
    {
      rule: 'tagged never has both lists',
      policy: policyWith(
        0,
        expireRule(1, {
          tagStatus: 'tagged',
          tagPrefixList: ['prod'],
          tagPatternList: ['prod*'],
          countType: 'imageCountMoreThan',
          countNumber: 5,
        }),
      ),
      path: 'lifecycle.policy.rules[0].selection',
      message: 'use tagPrefixList or tagPatternList, not both',
    },
    {
      rule: 'untagged has no tag list',
      policy: policyWith(
        1,
        expireRule(2, {
          tagStatus: 'untagged',
          tagPrefixList: ['dev'],
          countType: 'sinceImagePushed',
          countUnit: 'days',
          countNumber: 1,
        }),
      ),
      path: 'lifecycle.policy.rules[1].selection.tagPrefixList',
      message: 'not allowed with tagStatus untagged',
    },
    {
      rule: 'any has no tag list',
      policy: policyWith(
        3,
        expireRule(4, {
          tagStatus: 'any',
          tagPatternList: ['*'],
          countType: 'imageCountMoreThan',
          countNumber: 10,
        }),
      ),
      path: 'lifecycle.policy.rules[3].selection.tagPatternList',
      message: 'not allowed with tagStatus any',
    },
    {
      rule: 'at most 4 wildcards per pattern',
      policy: policyWith(
        3,
        expireRule(4, {
          tagStatus: 'tagged',
          tagPatternList: ['release-*', 'test*1*2*3*4*5'],
          countType: 'imageCountMoreThan',
          countNumber: 10,
        }),
      ),
      path: 'lifecycle.policy.rules[3].selection.tagPatternList',
      message: 'at most 4 wildcards per pattern',
    },
    {
      rule: 'countUnit only with since* count types',
      policy: policyWith(
        3,
        expireRule(4, {
          tagStatus: 'any',
          countType: 'imageCountMoreThan',
          countUnit: 'days',
          countNumber: 10,
        }),
      ),
      path: 'lifecycle.policy.rules[3].selection.countUnit',
      message:
        'only allowed with countType sinceImagePushed, sinceImagePulled, sinceImageTransitioned',
    },
    {
      rule: 'countUnit is required with since* count types',
      policy: policyWith(
        2,
        expireRule(3, { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 1 }),
      ),
      path: 'lifecycle.policy.rules[2].selection.countUnit',
      message: 'required with countType sinceImagePushed',
    },
    {
      rule: 'countUnit is days',
      policy: policyWith(
        2,
        expireRule(3, {
          tagStatus: 'untagged',
          countType: 'sinceImagePushed',
          countUnit: 'hours',
          countNumber: 1,
        }),
      ),
      path: 'lifecycle.policy.rules[2].selection.countUnit',
      message: 'must be days (got "hours")',
    },
    {
      rule: 'countNumber is an integer ≥ 1',
      policy: policyWith(
        3,
        expireRule(4, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 0 }),
      ),
      path: 'lifecycle.policy.rules[3].selection.countNumber',
      message: 'must be an integer ≥ 1',
    },
    {
      rule: 'sinceImagePulled only with transition to archive',
      policy: policyWith(
        2,
        expireRule(3, {
          tagStatus: 'untagged',
          countType: 'sinceImagePulled',
          countUnit: 'days',
          countNumber: 30,
        }),
      ),
      path: 'lifecycle.policy.rules[2].action.type',
      message: 'countType sinceImagePulled only works with transition to archive',
    },
    {
      rule: 'sinceImageTransitioned only with storageClass archive',
      policy: policyWith(
        1,
        expireRule(2, {
          tagStatus: 'untagged',
          countType: 'sinceImageTransitioned',
          countUnit: 'days',
          countNumber: 90,
        }),
      ),
      path: 'lifecycle.policy.rules[1].selection.storageClass',
      message: 'must be archive with countType sinceImageTransitioned',
    },
    {
      rule: 'sinceImageTransitioned only with expire',
      policy: policyWith(1, {
        rulePriority: 2,
        selection: {
          tagStatus: 'untagged',
          storageClass: 'archive',
          countType: 'sinceImageTransitioned',
          countUnit: 'days',
          countNumber: 90,
        },
        action: { type: 'transition', targetStorageClass: 'archive' },
      }),
      path: 'lifecycle.policy.rules[1].action.type',
      message: 'countType sinceImageTransitioned only works with expire',
    },
    {
      rule: 'archived images are kept at least 90 days',
      policy: policyWith(
        1,
        expireRule(2, {
          tagStatus: 'untagged',
          storageClass: 'archive',
          countType: 'sinceImageTransitioned',
          countUnit: 'days',
          countNumber: 89,
        }),
      ),
      path: 'lifecycle.policy.rules[1].selection.countNumber',
      message:
        'must be at least 90 with countType sinceImageTransitioned (ECR keeps archived images 90 days)',
    },
    {
      rule: 'storageClass archive only with sinceImageTransitioned',
      policy: policyWith(
        1,
        expireRule(2, {
          tagStatus: 'untagged',
          storageClass: 'archive',
          countType: 'sinceImagePushed',
          countUnit: 'days',
          countNumber: 1,
        }),
      ),
      path: 'lifecycle.policy.rules[1].selection.storageClass',
      message: 'archive is only allowed with countType sinceImageTransitioned',
    },
    {
      rule: 'transition needs targetStorageClass',
      policy: policyWith(1, { action: { type: 'transition' } }),
      path: 'lifecycle.policy.rules[1].action.targetStorageClass',
      message: 'required with action type transition',
    },
    {
      rule: 'targetStorageClass only with transition',
      policy: policyWith(1, { action: { type: 'expire', targetStorageClass: 'archive' } }),
      path: 'lifecycle.policy.rules[1].action.targetStorageClass',
      message: 'only allowed with action type transition',
    },
    {
      rule: 'the any rule has the highest rulePriority',
      policy: policyWith(1, { rulePriority: 5 }),
      path: 'lifecycle.policy.rules[3].rulePriority',
      message: 'the rule with tagStatus any must have the highest rulePriority (5 is higher)',
    },
    {
      rule: 'at least 1 rule',
      policy: { rules: [] },
      path: 'lifecycle.policy.rules',
      message: 'must contain at least 1 rule',
    },
    {
      rule: 'at most 50 rules',
      policy: {
        rules: Array.from({ length: 51 }, (_, index) =>
          expireRule(index + 1, {
            tagStatus: 'tagged',
            tagPrefixList: [`team-${index}`],
            countType: 'imageCountMoreThan',
            countNumber: 5,
          }),
        ),
      },
      path: 'lifecycle.policy.rules',
      message: 'at most 50 rules',
    },
    {
      rule: 'policy text at most 30,720 characters',
      policy: {
        rules: Array.from({ length: 50 }, (_, index) =>
          expireRule(
            index + 1,
            {
              tagStatus: 'tagged',
              tagPrefixList: [`team-${index}`],
              countType: 'imageCountMoreThan',
              countNumber: 5,
            },
            { description: 'x'.repeat(600) },
          ),
        ),
      },
      path: 'lifecycle.policy',
      message: 'policy text must be 100–30,720 characters (is 38,792)',
    },
  ])('refuses a policy that breaks "$rule"', ({ policy, path, message }) => {
    // Act
    const issues = issuesOf(policy);

    // Assess
    expect(issues).toEqual([{ path, message }]);
  });

  it('reports every broken rule, not just the first', () => {
    // Prepare
    const policy = {
      rules: [
        expireRule(1, { tagStatus: 'tagged', countType: 'imageCountMoreThan', countNumber: 5 }),
        expireRule(1, {
          tagStatus: 'untagged',
          countType: 'sinceImagePushed',
          countNumber: 1,
        }),
      ],
    };

    // Act
    const issues = issuesOf(policy);

    // Assess
    expect(issues).toEqual([
      {
        path: 'lifecycle.policy.rules[0].selection',
        message: 'tagStatus tagged needs tagPrefixList or tagPatternList',
      },
      {
        path: 'lifecycle.policy.rules[1].selection.countUnit',
        message: 'required with countType sinceImagePushed',
      },
      {
        path: 'lifecycle.policy.rules[1].rulePriority',
        message: 'must be unique (rules[0] also has 1)',
      },
    ]);
  });

  it('refuses an unknown key in a rule', () => {
    // Prepare
    const policy = policyWith(0, {
      selection: {
        tagStatus: 'tagged',
        tagPrefixlist: ['prod'],
        tagPrefixList: ['prod'],
        countType: 'imageCountMoreThan',
        countNumber: 9999,
      },
    });

    // Act
    const issues = issuesOf(policy);

    // Assess
    expect(issues).toEqual([
      {
        path: 'lifecycle.policy.rules[0].selection.tagPrefixlist',
        message: 'unknown key (did you mean tagPrefixList?)',
      },
    ]);
  });
});

describe('Function: canonicalLifecyclePolicyText', () => {
  it('keeps the default policy text within ECR’s 100–30,720 characters', () => {
    // Act
    const text = canonicalLifecyclePolicyText(DEFAULT_LIFECYCLE_POLICY);

    // Assess
    expect(text.length).toBeGreaterThanOrEqual(100);
    expect(text.length).toBeLessThanOrEqual(30_720);
  });

  it('sorts rules by priority and orders keys the same way whatever the input order', () => {
    // Prepare
    const [first, latest, second, third] = DEFAULT_LIFECYCLE_POLICY.rules as [
      LifecycleRule,
      LifecycleRule,
      LifecycleRule,
      LifecycleRule,
    ];
    const shuffled: LifecyclePolicy = {
      rules: [
        third,
        latest,
        {
          action: second.action,
          selection: {
            countNumber: second.selection.countNumber,
            countUnit: 'days',
            countType: second.selection.countType,
            tagStatus: second.selection.tagStatus,
          },
          ...(second.description === undefined ? {} : { description: second.description }),
          rulePriority: second.rulePriority,
        },
        first,
      ],
    };

    // Act
    const text = canonicalLifecyclePolicyText(shuffled);

    // Assess
    expect(text).toBe(canonicalLifecyclePolicyText(DEFAULT_LIFECYCLE_POLICY));
    expect(text.startsWith('{"rules":[{"rulePriority":1,"description":')).toBe(true);
  });

  it('writes JSON that parses back to the same policy', () => {
    // Act
    const parsed = LifecyclePolicySchema.parse(
      JSON.parse(canonicalLifecyclePolicyText(DEFAULT_LIFECYCLE_POLICY)),
    );

    // Assess
    expect(parsed).toEqual(DEFAULT_LIFECYCLE_POLICY);
  });
});

describe('Function: lifecyclePoliciesEqual', () => {
  const canonical = canonicalLifecyclePolicyText(DEFAULT_LIFECYCLE_POLICY);
  const reversedRules = JSON.stringify({ rules: [...DEFAULT_LIFECYCLE_POLICY.rules].reverse() });
  const changedCount = canonical.replace('"countNumber":10}', '"countNumber":20}');
  const withoutDescriptions = JSON.stringify({
    rules: DEFAULT_LIFECYCLE_POLICY.rules.map(({ description: _description, ...rule }) => rule),
  });

  it.each([
    { name: 'the same text', other: canonical, equal: true },
    {
      name: 'the same policy pretty-printed',
      other: JSON.stringify(DEFAULT_LIFECYCLE_POLICY, null, 2),
      equal: true,
    },
    {
      name: 'keys in another order',
      other: JSON.stringify({
        rules: DEFAULT_LIFECYCLE_POLICY.rules.map((rule) =>
          Object.fromEntries(Object.entries(rule).reverse()),
        ),
      }),
      equal: true,
    },
    { name: 'rules in another order', other: reversedRules, equal: true },
    { name: 'a different countNumber', other: changedCount, equal: false },
    { name: 'missing descriptions', other: withoutDescriptions, equal: false },
    { name: 'text that is not JSON', other: '{"rules": [', equal: false },
    { name: 'JSON that is not an object', other: '[]', equal: false },
  ])('compares the standard with $name: $equal', ({ other, equal }) => {
    // Act
    const result = lifecyclePoliciesEqual(other, canonical);

    // Assess
    expect(result).toBe(equal);
  });
});
