import type {
  Exemption,
  IgnoredExemption,
  Remediation,
  RepositoryDescription,
} from '#lib/controls/index.ts';

/**
 * The state the controls judged of one repository, flat: its description, and every fact read
 * by its name (`lifecyclePolicyText`, `registryScanning`, …): what a write replaces.
 */
export type RepositoryEvidence = RepositoryDescription & { readonly [fact: string]: unknown };

/**
 * What happened to one control of one repository (or registry):
 * - `compliant`: nothing to do;
 * - `remediated`: the writes in `writes` were made;
 * - `planned`: dry run, the writes in `writes` would be made;
 * - `exempt`: not compliant, but exempt (`reason` says by what);
 * - `violation`: not compliant, and ecr-guard may not fix it itself (`reason` says why: a
 *   report-only control, a fix the standard does not allow, a fix it could not make safely);
 * - `not-checked`: a registry-level control whose state could not be read (`reason` says
 *   why): neither compliant nor not.
 */
export type ControlStatus =
  | 'compliant'
  | 'remediated'
  | 'planned'
  | 'exempt'
  | 'violation'
  | 'not-checked';

export interface ControlOutcome {
  /** The control's registered name. */
  control: string;
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
  /** The scope of the standard that applied (`default`: the base standard). */
  scope?: string;
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
  /**
   * The repository as read (the state the controls judged, and the writes replaced): the
   * evidence reports show, such as the ARN and a lifecycle policy's diff. Absent when skipped.
   */
  state?: RepositoryEvidence;
  /** Its storage, when a guard measured it (see {@link StorageReport}). */
  storage?: StorageReport;
}

/**
 * What a repository stores and what its standard would free now, as a control's guard
 * measured it (an audit with `lifecycle.auditImages`), priced at the region's storage price.
 */
export interface StorageReport {
  images: number;
  /** Summed image sizes (`imageSizeInBytes`: shared layers counted in each image). */
  bytes: number;
  freedBytes: number;
  freedMonthlyCost: number;
  currency: string;
}

/** What the registry-level controls concluded about one account and region. */
export interface RegistryReport {
  account: string;
  region: string;
  controls: ControlOutcome[];
}
