import type { RegistryReport, RepositoryReport } from '#lib/enforcement/index.ts';
import type { SweepTarget } from './sweep-target.ts';

/**
 * What a sweep tells as it goes, in completion order:
 * - `target-started`: the target's repositories are being listed;
 * - `registry`: the registry-level controls of the target evaluated (and remediated unless
 *   planning), once per target; absent while no registry-level control is on;
 * - `repository`: one repository evaluated (and remediated unless planning);
 * - `repository-failed`: one repository could not be evaluated or fixed; the others go on;
 * - `target-finished`: every repository of the target was handled; or, with `resume`, every
 *   repository before the page `resume.startToken` starts (the sweep ran short of time, or,
 *   with `resume.backoff`, AWS throttled it past the SDK's retries: try the rest later);
 * - `target-failed`: the target could not be listed (role missing, access denied); the
 *   repositories handled before the failure, if any, were reported.
 */
export type SweepEvent =
  | { type: 'target-started'; target: SweepTarget }
  | { type: 'registry'; target: SweepTarget; report: RegistryReport }
  | { type: 'repository'; target: SweepTarget; report: RepositoryReport }
  | {
      type: 'repository-failed';
      target: SweepTarget;
      repositoryName: string;
      reason: string;
      retryable: boolean;
      /** The error itself, for a caller that rethrows it (not part of any report). */
      error: unknown;
    }
  | {
      type: 'target-finished';
      target: SweepTarget;
      repositories: number;
      /** Where the rest of the target starts, when the sweep stopped it early. */
      resume?: {
        /** The page to resume at; none: from the first page. */
        startToken?: string;
        /** At least one page was swept to its end. */
        progressed: boolean;
        /** Why to wait before resuming (throttling); none: resume at once. */
        backoff?: string;
      };
    }
  | {
      type: 'target-failed';
      target: SweepTarget;
      repositories: number;
      reason: string;
      retryable: boolean;
      /** The error itself, for a caller that rethrows it (not part of any report). */
      error: unknown;
    };
