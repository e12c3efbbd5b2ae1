import type { ControlName, Exemption, IgnoredExemption, Remediation } from '#lib/controls/index.ts';
import type { RepositoryStorage } from '#lib/lifecycle/index.ts';

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
  /**
   * Every exemption in force on the repository, whether a control needed it or not (a
   * compliant control's exemption is latent: it would allow drift). Present when the tags
   * were read: always with `readTags: 'always'`, else only for a non-compliant repository.
   */
  exemptions?: Exemption[];
  /** What it stores and what the standard policy would free (an audit with `lifecycle.auditImages`). */
  storage?: RepositoryStorage;
}
