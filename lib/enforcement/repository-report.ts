import type { ControlName, IgnoredExemption, Remediation } from '#lib/controls/index.ts';

/**
 * What happened to one control of one repository:
 * - `compliant`: nothing to do;
 * - `remediated`: the writes in `writes` were made;
 * - `planned`: dry run, the writes in `writes` would be made;
 * - `exempt`: not compliant, but exempt (`reason` says by what);
 * - `violation`: not compliant, and ecr-guard may not fix it itself (`reason` says why).
 */
export type ControlStatus = 'compliant' | 'remediated' | 'planned' | 'exempt' | 'violation';

export interface ControlOutcome {
  control: ControlName;
  status: ControlStatus;
  reason?: string;
  writes: Remediation[];
}

export interface RepositoryReport {
  account: string;
  region: string;
  repositoryName: string;
  /** `skipped` when the repository is gone; `skipReason` says so. */
  outcome: 'checked' | 'skipped';
  skipReason?: string;
  /** The owning team, from the repository tag named by `ownership.teamTagKey`, when read. */
  team?: string;
  controls: ControlOutcome[];
  /** Exemptions that exist but do not apply (expired, malformed), reported, never silent. */
  ignoredExemptions: IgnoredExemption[];
}
