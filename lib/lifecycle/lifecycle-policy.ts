/**
 * The ECR lifecycle policy document (`{ rules: [...] }`), validated with the rules ECR itself
 * enforces, so an invalid standard is refused at load time rather than by `PutLifecyclePolicy`
 * in the middle of a sweep.
 *
 * Source: Amazon ECR User Guide, "Lifecycle policy properties"; API reference,
 * `PutLifecyclePolicy` (`lifecyclePolicyText` 100–30,720 characters).
 */
import * as z from 'zod';

/** `selection.tagStatus` values. */
export const TAG_STATUSES = ['tagged', 'untagged', 'any'] as const;
/** `selection.countType` values. */
export const COUNT_TYPES = [
  'imageCountMoreThan',
  'sinceImagePushed',
  'sinceImagePulled',
  'sinceImageTransitioned',
] as const;
/** Count types measured in time, the only ones that take (and require) `countUnit`. */
export const SINCE_COUNT_TYPES: readonly CountType[] = [
  'sinceImagePushed',
  'sinceImagePulled',
  'sinceImageTransitioned',
];
/** `selection.countUnit` values. */
export const COUNT_UNITS = ['days'] as const;
/** `selection.storageClass` values (`standard` is what ECR assumes when it is omitted). */
export const STORAGE_CLASSES = ['standard', 'archive'] as const;
/** `action.type` values. */
export const ACTION_TYPES = ['expire', 'transition'] as const;
/** `action.targetStorageClass` values. */
export const TARGET_STORAGE_CLASSES = ['archive'] as const;

/** ECR's quota on rules per lifecycle policy. */
export const MAX_LIFECYCLE_RULES = 50;
/** ECR's limit on wildcards (`*`) in one `tagPatternList` entry. */
export const MAX_WILDCARDS_PER_PATTERN = 4;
/** Archived images are kept at least this many days; no rule may expire them sooner. */
export const MIN_DAYS_IN_ARCHIVE = 90;
/** `lifecyclePolicyText` length bounds of `PutLifecyclePolicy`. */
export const MIN_LIFECYCLE_POLICY_TEXT_LENGTH = 100;
export const MAX_LIFECYCLE_POLICY_TEXT_LENGTH = 30_720;

export type TagStatus = (typeof TAG_STATUSES)[number];
export type CountType = (typeof COUNT_TYPES)[number];

const positiveInteger = (message: string) => z.int({ error: message }).min(1, message);

const tagList = z
  .array(z.string().min(1, 'must not be empty'))
  .min(1, 'must list at least one tag');

const SelectionSchema = z.strictObject({
  tagStatus: z.enum(TAG_STATUSES),
  tagPrefixList: tagList.optional(),
  tagPatternList: tagList
    .refine(
      (patterns) =>
        patterns.every((pattern) => countWildcards(pattern) <= MAX_WILDCARDS_PER_PATTERN),
      `at most ${MAX_WILDCARDS_PER_PATTERN} wildcards per pattern`,
    )
    .optional(),
  storageClass: z.enum(STORAGE_CLASSES).optional(),
  countType: z.enum(COUNT_TYPES),
  countUnit: z.enum(COUNT_UNITS).optional(),
  countNumber: positiveInteger('must be an integer ≥ 1'),
});

const ActionSchema = z.strictObject({
  type: z.enum(ACTION_TYPES),
  targetStorageClass: z.enum(TARGET_STORAGE_CLASSES).optional(),
});

/** One lifecycle rule; cross-field rules are checked here so each rule reports on its own. */
export const LifecycleRuleSchema = z
  .strictObject({
    rulePriority: positiveInteger('must be an integer ≥ 1'),
    description: z.string().optional(),
    selection: SelectionSchema,
    action: ActionSchema,
  })
  .superRefine((rule, ctx) => {
    const { selection, action } = rule;
    const issue = (path: string[], message: string): void => {
      ctx.addIssue({ code: 'custom', path, message });
    };

    // Tag selection: tagged needs exactly one list; untagged and any take none.
    const hasPrefixes = selection.tagPrefixList !== undefined;
    const hasPatterns = selection.tagPatternList !== undefined;
    if (selection.tagStatus === 'tagged') {
      if (!hasPrefixes && !hasPatterns) {
        issue(['selection'], 'tagStatus tagged needs tagPrefixList or tagPatternList');
      } else if (hasPrefixes && hasPatterns) {
        issue(['selection'], 'use tagPrefixList or tagPatternList, not both');
      }
    } else {
      for (const list of ['tagPrefixList', 'tagPatternList'] as const) {
        if (selection[list] !== undefined) {
          issue(['selection', list], `not allowed with tagStatus ${selection.tagStatus}`);
        }
      }
    }

    // countUnit goes with, and only with, the time-based count types.
    const isSince = SINCE_COUNT_TYPES.includes(selection.countType);
    if (isSince && selection.countUnit === undefined) {
      issue(['selection', 'countUnit'], `required with countType ${selection.countType}`);
    } else if (!isSince && selection.countUnit !== undefined) {
      issue(
        ['selection', 'countUnit'],
        `only allowed with countType ${SINCE_COUNT_TYPES.join(', ')}`,
      );
    }

    // Archive storage: what may select it, and what may act on it.
    if (selection.countType === 'sinceImageTransitioned') {
      if (selection.storageClass !== 'archive') {
        issue(
          ['selection', 'storageClass'],
          'must be archive with countType sinceImageTransitioned',
        );
      }
      if (action.type !== 'expire') {
        issue(['action', 'type'], 'countType sinceImageTransitioned only works with expire');
      }
      if (selection.countNumber < MIN_DAYS_IN_ARCHIVE) {
        issue(
          ['selection', 'countNumber'],
          `must be at least ${MIN_DAYS_IN_ARCHIVE} with countType sinceImageTransitioned (ECR keeps archived images ${MIN_DAYS_IN_ARCHIVE} days)`,
        );
      }
    } else if (selection.storageClass === 'archive') {
      issue(
        ['selection', 'storageClass'],
        'archive is only allowed with countType sinceImageTransitioned',
      );
    }
    if (selection.countType === 'sinceImagePulled' && action.type !== 'transition') {
      issue(['action', 'type'], 'countType sinceImagePulled only works with transition to archive');
    }
    if (action.type === 'transition' && action.targetStorageClass === undefined) {
      issue(['action', 'targetStorageClass'], 'required with action type transition');
    } else if (action.type !== 'transition' && action.targetStorageClass !== undefined) {
      issue(['action', 'targetStorageClass'], 'only allowed with action type transition');
    }
  });

/**
 * The lifecycle policy document. Rule-level rules are checked per rule; policy-level rules
 * (unique priorities, the `any` rule last, text length) once every rule has the right shape.
 */
export const LifecyclePolicySchema = z
  .strictObject({
    rules: z
      .array(LifecycleRuleSchema)
      .min(1, 'must contain at least 1 rule')
      .max(MAX_LIFECYCLE_RULES, `at most ${MAX_LIFECYCLE_RULES} rules`),
  })
  .superRefine((policy, ctx) => {
    const { rules } = policy;
    if (rules.length === 0) {
      return; // already reported by the array's own check
    }

    const firstIndexByPriority = new Map<number, number>();
    rules.forEach((rule, index) => {
      const first = firstIndexByPriority.get(rule.rulePriority);
      if (first === undefined) {
        firstIndexByPriority.set(rule.rulePriority, index);
      } else {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', index, 'rulePriority'],
          message: `must be unique (rules[${first}] also has ${rule.rulePriority})`,
        });
      }
    });

    // ECR's own "combining archive and expire rules" example has an `any` transition rule at
    // priority 1 and an `any` expire-from-archive rule at 2: rules on archived images are
    // evaluated apart, so the `any` rule must come last among the rules of its storage class.
    rules.forEach((rule, index) => {
      if (rule.selection.tagStatus !== 'any') {
        return;
      }
      const storageClass = storageClassOf(rule);
      const highest = Math.max(
        ...rules.filter((other) => storageClassOf(other) === storageClass).map(priorityOf),
      );
      if (rule.rulePriority < highest) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', index, 'rulePriority'],
          message: `the rule with tagStatus any must have the highest rulePriority (${highest} is higher)`,
        });
      }
    });

    const length = canonicalLifecyclePolicyText(policy).length;
    if (length < MIN_LIFECYCLE_POLICY_TEXT_LENGTH || length > MAX_LIFECYCLE_POLICY_TEXT_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `policy text must be ${formatCount(MIN_LIFECYCLE_POLICY_TEXT_LENGTH)}–${formatCount(MAX_LIFECYCLE_POLICY_TEXT_LENGTH)} characters (is ${formatCount(length)})`,
      });
    }
  });

/** An ECR lifecycle policy document, as `PutLifecyclePolicy` takes it (parsed). */
export type LifecyclePolicy = z.output<typeof LifecyclePolicySchema>;
export type LifecycleRule = LifecyclePolicy['rules'][number];

/**
 * Serializes a policy deterministically: rules sorted by `rulePriority`, keys in a fixed
 * order, absent optional fields left out, no whitespace. This is the text remediation writes.
 *
 * @example
 * ```ts
 * const text = canonicalLifecyclePolicyText(DEFAULT_LIFECYCLE_POLICY);
 * await ecr.send(new PutLifecyclePolicyCommand({ repositoryName, lifecyclePolicyText: text }));
 * ```
 */
export function canonicalLifecyclePolicyText(policy: LifecyclePolicy): string {
  const rules = [...policy.rules]
    .sort((a, b) => a.rulePriority - b.rulePriority)
    .map(({ rulePriority, description, selection, action }) => ({
      rulePriority,
      description,
      selection: {
        tagStatus: selection.tagStatus,
        tagPrefixList: selection.tagPrefixList,
        tagPatternList: selection.tagPatternList,
        storageClass: selection.storageClass,
        countType: selection.countType,
        countUnit: selection.countUnit,
        countNumber: selection.countNumber,
      },
      action: { type: action.type, targetStorageClass: action.targetStorageClass },
    }));
  // JSON.stringify drops the undefined optional fields.
  return JSON.stringify({ rules });
}

/**
 * Compares two lifecycle policy JSON texts by meaning: whitespace, key order and the order
 * of rules in the array (rules are identified by `rulePriority`) do not matter; values do.
 * Returns false when either text is not a JSON object. `enforce` mode writes only when this
 * is false, since ECR may hand the text back reformatted.
 *
 * @example
 * ```ts
 * const { lifecyclePolicyText } = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName }));
 * const compliant = lifecyclePoliciesEqual(
 *   lifecyclePolicyText ?? '',
 *   canonicalLifecyclePolicyText(standard.lifecycle.policy),
 * );
 * ```
 */
export function lifecyclePoliciesEqual(aText: string, bText: string): boolean {
  const a = parseJsonObject(aText);
  const b = parseJsonObject(bText);
  if (a === undefined || b === undefined) {
    return false;
  }
  return JSON.stringify(normalizePolicy(a)) === JSON.stringify(normalizePolicy(b));
}

function storageClassOf(rule: LifecycleRule): string {
  return rule.selection.storageClass ?? 'standard';
}

function priorityOf(rule: LifecycleRule): number {
  return rule.rulePriority;
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

function countWildcards(pattern: string): number {
  return pattern.split('*').length - 1;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sorts rules by priority (when every rule has a numeric one), then every object's keys. */
function normalizePolicy(policy: Record<string, unknown>): unknown {
  const { rules } = policy;
  if (Array.isArray(rules) && rules.every(hasNumericPriority)) {
    const sorted = [...rules].sort((a, b) => a.rulePriority - b.rulePriority);
    return sortKeysDeep({ ...policy, rules: sorted });
  }
  return sortKeysDeep(policy);
}

function hasNumericPriority(rule: unknown): rule is { rulePriority: number } {
  return isPlainObject(rule) && typeof rule.rulePriority === 'number';
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeysDeep);
  }
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeysDeep(value[key])]),
    );
  }
  return value;
}
