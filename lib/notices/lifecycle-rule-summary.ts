/**
 * A lifecycle policy in words, one short line per rule, for the people whose images it
 * expires.
 *
 * @module
 */

interface RawRule {
  rulePriority?: unknown;
  description?: unknown;
  selection?: {
    tagStatus?: unknown;
    tagPrefixList?: unknown;
    tagPatternList?: unknown;
    countType?: unknown;
    countNumber?: unknown;
    countUnit?: unknown;
  };
  action?: { type?: unknown; targetStorageClass?: unknown };
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function which(selection: NonNullable<RawRule['selection']>): string {
  const status = typeof selection.tagStatus === 'string' ? selection.tagStatus : 'any';
  const prefixes = list(selection.tagPrefixList);
  const patterns = list(selection.tagPatternList);
  const filter =
    prefixes.length > 0
      ? ` with a tag starting ${prefixes.join(', ')}`
      : patterns.length > 0
        ? ` with a tag matching ${patterns.join(', ')}`
        : '';
  const images = status === 'any' ? 'images' : `${status} images`;
  return `${images}${filter}`;
}

function when(selection: NonNullable<RawRule['selection']>): string {
  const count = typeof selection.countNumber === 'number' ? selection.countNumber : Number.NaN;
  switch (selection.countType) {
    case 'imageCountMoreThan':
      return `beyond the newest ${count}`;
    case 'sinceImagePushed':
      return `pushed more than ${count} ${selection.countUnit ?? 'days'} ago`;
    case 'sinceImagePulled':
      return `not pulled for ${count} ${selection.countUnit ?? 'days'}`;
    case 'sinceImageTransitioned':
      return `archived more than ${count} ${selection.countUnit ?? 'days'} ago`;
    default:
      return `(${String(selection.countType)} ${count})`;
  }
}

function ruleLine(rule: RawRule): string {
  const priority = typeof rule.rulePriority === 'number' ? `#${rule.rulePriority} ` : '';
  const action =
    rule.action?.type === 'transition'
      ? `archive (${String(rule.action.targetStorageClass ?? 'archive')})`
      : 'expire';
  const selection = rule.selection ?? {};
  const description =
    typeof rule.description === 'string' && rule.description !== ''
      ? ` ("${rule.description}")`
      : '';
  return `${priority}${action} ${which(selection)} ${when(selection)}${description}`;
}

/**
 * The rules of a lifecycle policy's text, one line each, by priority.
 *
 * @param text - `lifecyclePolicyText`, as ECR holds it; `undefined` when there is none
 * @returns the lines; `[]` without a policy; one line saying so when the text is not JSON
 *
 * @example
 * ```ts
 * lifecycleRuleSummary('{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}');
 * // ['#1 expire untagged images pushed more than 14 days ago']
 * ```
 */
export function lifecycleRuleSummary(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [];
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return ['(a policy that is not JSON)'];
  }
  const rules = (document as { rules?: unknown }).rules;
  if (!Array.isArray(rules)) return ['(a policy without rules)'];
  return [...(rules as RawRule[])]
    .sort((a, b) => Number(a.rulePriority ?? 0) - Number(b.rulePriority ?? 0))
    .map(ruleLine);
}
