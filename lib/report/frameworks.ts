import type { RepositoryEvidence } from '#lib/enforcement/index.ts';
import type { FrameworkReference, ReportControlStatus } from './sweep-report-schema.ts';

/** A control of AWS Foundational Security Best Practices (Security Hub) for ECR. */
export interface FsbpControl {
  /** `ECR.1` … */
  id: string;
  title: string;
  /** Security Hub's severity of a failed check. */
  severity: 'HIGH' | 'MEDIUM' | 'LOW';
  /** The AWS Config managed rule Security Hub evaluates it with, when there is one. */
  configRule?: string;
  /** The ecr-guard control that judges the same thing, by name. */
  control?: string;
  /** Why no ecr-guard control covers it. */
  uncovered?: string;
}

/**
 * The Security Hub controls for ECR (Security Hub user guide, "Security Hub controls for
 * Amazon ECR") and the ecr-guard control that covers each. Keyed by control name: a control
 * that is not in the standard's registry simply reports nothing here.
 */
export const FSBP_ECR_CONTROLS: readonly FsbpControl[] = [
  {
    id: 'ECR.1',
    severity: 'HIGH',
    title: 'ECR private repositories should have image scanning configured',
    configRule: 'ecr-private-image-scanning-enabled',
    control: 'scanning',
  },
  {
    id: 'ECR.2',
    severity: 'MEDIUM',
    title: 'ECR private repositories should have tag immutability configured',
    configRule: 'ecr-private-tag-immutability-enabled',
    control: 'immutability',
  },
  {
    id: 'ECR.3',
    severity: 'MEDIUM',
    title: 'ECR repositories should have at least one lifecycle policy configured',
    configRule: 'ecr-private-lifecycle-policy-configured',
    control: 'lifecycle',
  },
  {
    id: 'ECR.4',
    severity: 'LOW',
    title: 'ECR public repositories should be tagged',
    uncovered: 'ecr-guard governs private repositories; ECR Public is outside its scope',
  },
  {
    id: 'ECR.5',
    severity: 'MEDIUM',
    title: 'ECR repositories should be encrypted with customer managed AWS KMS keys',
    configRule: 'ecr-repository-cmk-encryption-enabled',
    control: 'encryption',
  },
];

export const FSBP = 'AWS FSBP';
export const AWS_CONFIG = 'AWS Config';

/**
 * The framework references of a control: its FSBP control and AWS Config managed rule.
 *
 * @example
 * ```ts
 * frameworksOf('immutability');
 * // [{ framework: 'AWS FSBP', id: 'ECR.2' }, { framework: 'AWS Config', id: 'ecr-private-tag-immutability-enabled' }]
 * ```
 */
export function frameworksOf(control: string): FrameworkReference[] {
  return FSBP_ECR_CONTROLS.filter((c) => c.control === control).flatMap((c) => [
    { framework: FSBP, id: c.id },
    ...(c.configRule === undefined ? [] : [{ framework: AWS_CONFIG, id: c.configRule }]),
  ]);
}

/**
 * The severity of a failed check of `control`: its FSBP control's, MEDIUM for a control no
 * framework names.
 *
 * @example
 * ```ts
 * failedSeverity('scanning'); // 'HIGH'
 * ```
 */
export function failedSeverity(control: string): FsbpControl['severity'] {
  return FSBP_ECR_CONTROLS.find((c) => c.control === control)?.severity ?? 'MEDIUM';
}

type Note = (state: RepositoryEvidence, status: ReportControlStatus) => string | undefined;

/** Where ecr-guard judges a repository differently from Security Hub on purpose. */
const DIFFERENCES: Readonly<Record<string, Note>> = {
  immutability: (state, status) =>
    status === 'pass' && state.imageTagMutability === 'IMMUTABLE_WITH_EXCLUSION'
      ? `Security Hub ECR.2 (ecr-private-tag-immutability-enabled) fails IMMUTABLE_WITH_EXCLUSION; ecr-guard passes it because its exclusions (${state.exclusionFilters.join(', ')}) are the ones the standard allows`
      : undefined,
  lifecycle: (state, status) =>
    status !== 'pass' && status !== 'not-checked' && state.lifecyclePolicyText !== undefined
      ? 'Security Hub ECR.3 passes any lifecycle policy; ecr-guard requires the standard policy (lifecycle.mode enforce)'
      : undefined,
};

/**
 * The note to show next to a result when ecr-guard's judgement differs from Security Hub's
 * on purpose, or `undefined`.
 *
 * @example
 * ```ts
 * frameworkNote('immutability', 'pass', { ...state, imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', exclusionFilters: ['latest'] });
 * // 'Security Hub ECR.2 (…) fails IMMUTABLE_WITH_EXCLUSION; ecr-guard passes it because …'
 * ```
 */
export function frameworkNote(
  control: string,
  status: ReportControlStatus,
  state: RepositoryEvidence | undefined,
): string | undefined {
  if (state === undefined) return undefined;
  return DIFFERENCES[control]?.(state, status);
}
