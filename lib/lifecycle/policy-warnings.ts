import { type LifecyclePolicy, MIN_DAYS_IN_ARCHIVE } from './lifecycle-policy.ts';

/** A policy ECR accepts but that does something people do not expect. */
export interface PolicyWarning {
  /** `rules[1]`: the rule, by its index in the policy. */
  path: string;
  message: string;
}

/** What is known of the registry the policy is for (absent: checked offline). */
export interface PolicyWarningContext {
  /** `ListPullTimeUpdateExclusions`: principals whose pulls do not reset the pull time. */
  pullTimeExclusions?: readonly string[];
  /** The scanners that pull images (`lifecycle.scannerRoleArns`). */
  scannerRoleArns?: readonly string[];
}

/**
 * The surprises of a valid policy:
 * - a transition to archive that can take images pushed less than 90 days ago (archived
 *   images are billed for at least 90 days, and cannot be pulled until restored);
 * - `sinceImagePulled` while the registry's pull-time update exclusions do not list the
 *   scanners: every scan pull resets the clock, so the rule never fires (Inspector's pulls
 *   do not count);
 * - a `tagged` rule with several prefixes or patterns: it reads as "any of" and means "all
 *   of" (an image needs a tag for each).
 *
 * @example
 * ```ts
 * lifecyclePolicyWarnings(policy, { pullTimeExclusions: [], scannerRoleArns: [trivy] });
 * // [{ path: 'rules[0]', message: 'sinceImagePulled: the scanner role … is not …' }]
 * ```
 */
export function lifecyclePolicyWarnings(
  policy: LifecyclePolicy,
  context: PolicyWarningContext = {},
): PolicyWarning[] {
  const warnings: PolicyWarning[] = [];
  policy.rules.forEach((rule, index) => {
    const path = `rules[${index}]`;
    const { selection, action } = rule;
    if (action.type === 'transition') {
      const young =
        selection.countType === 'imageCountMoreThan' ||
        ((selection.countType === 'sinceImagePushed' ||
          selection.countType === 'sinceImagePulled') &&
          selection.countNumber < MIN_DAYS_IN_ARCHIVE);
      if (young) {
        const how =
          selection.countType === 'imageCountMoreThan'
            ? 'imageCountMoreThan archives images whatever their age'
            : `${selection.countType} ${selection.countNumber} days archives images pushed less than ${MIN_DAYS_IN_ARCHIVE} days ago`;
        warnings.push({
          path,
          message: `${how}: archived images are billed for at least ${MIN_DAYS_IN_ARCHIVE} days and cannot be pulled until restored`,
        });
      }
    }
    if (selection.countType === 'sinceImagePulled') {
      warnings.push(...pullTimeWarnings(path, context));
    }
    const lists = selection.tagPrefixList ?? selection.tagPatternList ?? [];
    if (selection.tagStatus === 'tagged' && lists.length > 1) {
      const kind = selection.tagPrefixList !== undefined ? 'prefixes' : 'patterns';
      warnings.push({
        path,
        message: `lists ${lists.length} tag ${kind} (${lists.join(', ')}): it selects only images with a tag for every one of them, not any of them; use one rule per ${kind === 'prefixes' ? 'prefix' : 'pattern'} for "any of"`,
      });
    }
  });
  return warnings;
}

function pullTimeWarnings(path: string, context: PolicyWarningContext): PolicyWarning[] {
  const { pullTimeExclusions, scannerRoleArns = [] } = context;
  if (pullTimeExclusions === undefined) {
    return [
      {
        path,
        message:
          "sinceImagePulled: make sure the registry's pull-time update exclusions list every scanner that pulls images, or their pulls reset the clock and the rule never fires",
      },
    ];
  }
  const missing = scannerRoleArns.filter((arn) => !pullTimeExclusions.includes(arn));
  if (missing.length > 0) {
    return [
      {
        path,
        message: `sinceImagePulled: the registry's pull-time update exclusions do not list the scanner(s) ${missing.join(', ')}: their pulls reset the clock`,
      },
    ];
  }
  if (scannerRoleArns.length === 0 && pullTimeExclusions.length === 0) {
    return [
      {
        path,
        message:
          'sinceImagePulled: the registry has no pull-time update exclusions, so any scanner that pulls images (other than Amazon Inspector) resets the clock; list them in lifecycle.scannerRoleArns and exclude them',
      },
    ];
  }
  return [];
}
