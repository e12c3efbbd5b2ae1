/**
 * One write, as the owning team reads it: before → after, in words.
 *
 * @module
 */
import type { Remediation } from '#lib/controls/index.ts';
import type { RepositoryEvidence } from '#lib/enforcement/index.ts';
import { lifecycleRuleSummary } from './lifecycle-rule-summary.ts';
import type { NoticeChange } from './notice.ts';

/** Where a change comes from: the control, its section of the standard, its reason. */
export interface ChangeOrigin {
  control: string;
  section: string;
  reason?: string;
}

function mutability(mode: unknown, filters: unknown): string {
  const exclusions = Array.isArray(filters) ? filters.map(String) : [];
  return mode === 'IMMUTABLE_WITH_EXCLUSION' && exclusions.length > 0
    ? `${String(mode)} (exclusions: ${exclusions.join(', ')})`
    : String(mode ?? 'unknown');
}

function ruleText(rules: readonly string[]): string {
  return rules.length === 0 ? 'no lifecycle policy' : rules.join('; ');
}

/** The write's own fields, for a kind this module does not know yet: shown as JSON. */
function generic(write: Remediation, state: Readonly<Record<string, unknown>>) {
  const fields = Object.entries(write).filter(([k]) => k !== 'action' && k !== 'repositoryName');
  const before = fields.map(([k]) => `${k}: ${JSON.stringify(state[k] ?? null)}`).join(', ');
  const after = fields.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ');
  return { summary: `${write.action}: ${before} → ${after}`, before, after };
}

/**
 * Describes one remediation write against the state it replaced.
 *
 * @param write - the write made
 * @param state - the repository as read before the write (the report's evidence)
 * @param origin - the control, its section and its reason
 *
 * @example
 * ```ts
 * describeChange(
 *   { action: 'ecr:PutImageTagMutability', repositoryName: 'app', imageTagMutability: 'IMMUTABLE', exclusionFilters: [] },
 *   { imageTagMutability: 'MUTABLE', exclusionFilters: [] },
 *   { control: 'immutability', section: 'immutability' },
 * ).summary; // 'tag mutability: MUTABLE → IMMUTABLE'
 * ```
 */
export function describeChange(
  write: Remediation,
  state: RepositoryEvidence | Readonly<Record<string, unknown>> | undefined,
  origin: ChangeOrigin,
): NoticeChange {
  const known: Readonly<Record<string, unknown>> = state ?? {};
  const base = {
    control: origin.control,
    section: origin.section,
    action: write.action,
    ...(origin.reason === undefined ? {} : { reason: origin.reason }),
  };
  switch (write.action) {
    case 'ecr:PutImageTagMutability': {
      const before = mutability(known.imageTagMutability, known.exclusionFilters);
      const after = mutability(write.imageTagMutability, write.exclusionFilters);
      return { ...base, summary: `tag mutability: ${before} → ${after}`, before, after };
    }
    case 'ecr:PutLifecyclePolicy': {
      const previous =
        typeof known.lifecyclePolicyText === 'string' ? known.lifecyclePolicyText : undefined;
      const beforeRules = lifecycleRuleSummary(previous);
      const rules = lifecycleRuleSummary(write.lifecyclePolicyText);
      const removedRules = beforeRules.filter((rule) => !rules.includes(rule));
      const summary =
        previous === undefined
          ? `lifecycle policy attached (${rules.length} rules)`
          : `lifecycle policy replaced (${rules.length} rules, ${removedRules.length} removed)`;
      return {
        ...base,
        summary,
        before: ruleText(beforeRules),
        after: ruleText(rules),
        rules,
        ...(previous === undefined ? {} : { removedRules }),
      };
    }
    case 'ecr:PutImageScanningConfiguration': {
      const before = `scan on push ${known.scanOnPush === true ? 'on' : 'off'}`;
      return { ...base, summary: `${before} → scan on push on`, before, after: 'scan on push on' };
    }
    default:
      return { ...base, ...generic(write, known) };
  }
}
