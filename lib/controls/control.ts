import type { Standard } from '#lib/standard/index.ts';
import type { Remediation, RemediationAction } from './remediation.ts';
import type { RepositoryState } from './repository-state.ts';

export const CONTROL_NAMES = ['immutability', 'lifecycle', 'scanning'] as const;
export type ControlName = (typeof CONTROL_NAMES)[number];

/** What a control concluded about one repository. */
export type ControlEvaluation =
  | { compliant: true }
  | {
      compliant: false;
      /** Why, in words an application team understands. */
      reason: string;
      /** The writes that make it compliant; absent when ecr-guard may not fix it itself. */
      remediation?: Remediation;
    };

/**
 * A control of the standard. `evaluate` is pure; the IAM actions are declared so that a
 * test can hold them against the roles that deploy it.
 */
export interface Control {
  name: ControlName;
  /** IAM actions needed to read the state this control judges. */
  readActions: readonly string[];
  /** IAM actions its remediations may perform. */
  writeActions: readonly RemediationAction[];
  evaluate(state: RepositoryState, standard: Standard): ControlEvaluation;
}
