import { isCalendarDate } from '#lib/text/calendar-date.ts';
import { matchesWildcard } from '#lib/text/wildcard.ts';
import { CONTROL_NAMES, type ControlName } from './sections.ts';

/** Repository tag listing the exempt controls (comma-separated, or `all`). */
export const EXEMPT_TAG = 'ecr-guard:exempt';
/** Repository tag with the last day (ISO date, UTC) of the tag exemption. */
export const EXEMPT_UNTIL_TAG = 'ecr-guard:exempt-until';
/** Optional repository tag saying why, shown in reports. */
export const EXEMPT_REASON_TAG = 'ecr-guard:exempt-reason';

/** What an exemption may name besides the controls: every control. */
export const ALL_CONTROLS = 'all';

/** An exemption rule of the standard (`exemptions:` in ecr-guard.yml). */
export interface ExemptionRule {
  /** Repository name pattern (`*` wildcards). */
  pattern: string;
  /** Control names, or `all`. */
  controls: readonly string[];
  reason: string;
  /** Last day (ISO date, UTC) it applies. */
  until?: string | undefined;
}

/** Why a control is not enforced on a repository. */
export interface Exemption {
  control: ControlName;
  reason: string;
  /**
   * Where it comes from: `tag` (the repository's `ecr-guard:exempt` tag), `standard` (a
   * pattern of ecr-guard.yml), or the control's own exemption hook by its source name (e.g.
   * `pull-through-cache`, immutability's `exemptPullThroughCache`).
   */
  source: string;
  until?: string;
}

/** An exemption that does not apply, reported so that nobody relies on it unknowingly. */
export interface IgnoredExemption {
  source: 'tag' | 'standard';
  reason: string;
}

export interface ExemptionResolution {
  exemptions: Map<ControlName, Exemption>;
  ignored: IgnoredExemption[];
}

/**
 * `undefined` while the date (inclusive, UTC) has not passed; else why it does not apply,
 * naming `field`. A date that does not exist (`2027-02-30`) is refused, not read as the
 * day it would roll over to.
 */
function expiryProblem(until: string | undefined, field: string, now: Date): string | undefined {
  if (until === undefined) return undefined;
  if (!isCalendarDate(until)) {
    return `${field}: "${until}" is not a date that exists (YYYY-MM-DD)`;
  }
  if (now.getTime() > Date.parse(`${until}T23:59:59.999Z`)) return `expired on ${until}`;
  return undefined;
}

function parseControlList(value: string): { controls: ControlName[]; unknown: string[] } {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.includes(ALL_CONTROLS)) return { controls: [...CONTROL_NAMES], unknown: [] };
  const known = new Set<string>(CONTROL_NAMES);
  return {
    controls: names.filter((n): n is ControlName => known.has(n)),
    unknown: names.filter((n) => !known.has(n)),
  };
}

function fromTags(
  tags: Readonly<Record<string, string>>,
  now: Date,
  out: ExemptionResolution,
): void {
  const value = tags[EXEMPT_TAG];
  if (value === undefined) return;
  const until = tags[EXEMPT_UNTIL_TAG];
  const problem = expiryProblem(until, `tag ${EXEMPT_UNTIL_TAG}`, now);
  const described = `tag ${EXEMPT_TAG}=${value}${until === undefined ? '' : ` until ${until}`}`;
  if (problem !== undefined) {
    out.ignored.push({ source: 'tag', reason: `${described}: ${problem}` });
    return;
  }
  const { controls, unknown } = parseControlList(value);
  if (unknown.length > 0) {
    out.ignored.push({
      source: 'tag',
      reason: `${described}: unknown control ${unknown.join(', ')} (known: ${CONTROL_NAMES.join(', ')}, all)`,
    });
  }
  const why = tags[EXEMPT_REASON_TAG];
  for (const control of controls) {
    out.exemptions.set(control, {
      control,
      source: 'tag',
      reason: why === undefined ? described : `${described}: ${why}`,
      ...(until === undefined ? {} : { until }),
    });
  }
}

function fromStandard(
  repositoryName: string,
  rules: readonly ExemptionRule[],
  now: Date,
  out: ExemptionResolution,
): void {
  const known = new Set<string>(CONTROL_NAMES);
  for (const rule of rules) {
    if (!matchesWildcard(rule.pattern, repositoryName)) continue;
    const described = `ecr-guard.yml exemption "${rule.pattern}"`;
    const problem = expiryProblem(rule.until, `exemption "${rule.pattern}" until`, now);
    if (problem !== undefined) {
      out.ignored.push({ source: 'standard', reason: `${described}: ${problem}` });
      continue;
    }
    const controls = rule.controls.includes(ALL_CONTROLS)
      ? CONTROL_NAMES
      : rule.controls.filter((c): c is ControlName => known.has(c));
    for (const control of controls) {
      if (out.exemptions.has(control)) continue;
      out.exemptions.set(control, {
        control,
        source: 'standard',
        reason: `${described}: ${rule.reason}`,
        ...(rule.until === undefined ? {} : { until: rule.until }),
      });
    }
  }
}

/**
 * Which controls a repository is exempt from, from its tags and the standard's name
 * patterns (`standard.exemptions`), and which exemptions were ignored (expired, malformed)
 * and why.
 *
 * @example
 * ```ts
 * const { exemptions } = resolveExemptions('legacy/app', { 'ecr-guard:exempt': 'lifecycle' }, standard.exemptions, new Date());
 * exemptions.get('lifecycle')?.reason; // 'tag ecr-guard:exempt=lifecycle'
 * ```
 */
export function resolveExemptions(
  repositoryName: string,
  tags: Readonly<Record<string, string>>,
  rules: readonly ExemptionRule[],
  now: Date,
): ExemptionResolution {
  const resolution: ExemptionResolution = { exemptions: new Map(), ignored: [] };
  fromTags(tags, now, resolution);
  fromStandard(repositoryName, rules, now, resolution);
  return resolution;
}
