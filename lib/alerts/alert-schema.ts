/**
 * The alert: what ecr-guard publishes to SNS as JSON, and what subscribers (the Slack notifier
 * among them) read back. The schema is the contract between the two.
 *
 * @module
 */
import * as z from 'zod';
import { SEVERITIES } from '#lib/events/guard-event.ts';

/** Bumped when a field changes meaning or disappears; new optional fields keep it. */
export const ALERT_SCHEMA_VERSION = 1;

const SeveritySchema = z.enum(SEVERITIES);

/** One finding as the alert lists it. */
export const AlertFindingSchema = z.object({
  /** CVE or other vulnerability id, else the scanner's finding name. */
  id: z.string().min(1),
  severity: SeveritySchema,
  /** The scanner's (or vendor's) own severity text when it is not `severity`. */
  reportedSeverity: z.string().optional(),
  title: z.string().optional(),
  packageName: z.string().optional(),
  installedVersion: z.string().optional(),
  fixedInVersion: z.string().optional(),
  score: z.number().optional(),
  link: z.string().optional(),
  /** Inspector says an exploit is known. */
  exploitAvailable: z.boolean().optional(),
  /** A fix is available (Inspector's `fixAvailable`, else a known fixed-in version). */
  fixAvailable: z.boolean().optional(),
  /** EPSS score (0–1), when Inspector gives it. */
  epssScore: z.number().optional(),
  /** First alerted by this alert (in an update: what is new since the last alert). */
  new: z.boolean(),
});
export type AlertFinding = z.infer<typeof AlertFindingSchema>;

export const AlertSchema = z.object({
  schemaVersion: z.literal(ALERT_SCHEMA_VERSION),
  /** `new`: the first alert for this image; `update`: findings were added since. */
  kind: z.enum(['new', 'update']),
  /** Identifies the alerted content: account, region, repository, digest, findings. */
  fingerprint: z.string().min(1),
  /**
   * The how-many-th alert of the image this is: 1 for the first, 2 for the first update, …
   * With `fingerprint`, it names the alert version. A publish that was retried (its answer
   * lost, its invocation killed before it was recorded) reaches subscribers twice with the
   * same pair: they deduplicate on it. Absent from alerts of a dry run.
   */
  generation: z.number().int().positive().optional(),
  /** The scan event the alert comes from. */
  event: z.object({ id: z.string(), time: z.string() }),
  account: z.object({ id: z.string(), alias: z.string().optional() }),
  region: z.string(),
  repository: z.object({ name: z.string(), arn: z.string() }),
  /** Owning team, from the repository's team tag; `unowned` without one. */
  team: z.string().min(1),
  image: z.object({
    digest: z.string(),
    tags: z.array(z.string()),
    /** Tags left out to keep the message within SNS's size limit. */
    omittedTags: z.number().int().nonnegative(),
    pushedAt: z.string().optional(),
    /** Whether the image runs, from Inspector's `lastInUseAt` / `inUseCount`, when known. */
    usage: z
      .object({
        inUse: z.boolean(),
        lastInUseAt: z.string().optional(),
        inUseCount: z.number().int().nonnegative().optional(),
        /** Days since the image was last in use, when it is not in use and that is known. */
        notPulledForDays: z.number().int().nonnegative().optional(),
      })
      .optional(),
  }),
  scanner: z.enum(['basic', 'enhanced']),
  /** `alerts.minSeverity` of the standard when the alert was made. */
  minSeverity: SeveritySchema,
  /** The highest severity this alert reports as new: what subscribers filter on. */
  severity: SeveritySchema,
  /** Every finding of the image, by severity (also those below the threshold). */
  severityCounts: z.object(
    Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int().nonnegative()])) as Record<
      (typeof SEVERITIES)[number],
      z.ZodNumber
    >,
  ),
  /** Findings at or above `minSeverity`. */
  alertedCount: z.number().int().nonnegative(),
  /** Of those, first alerted by this alert. */
  newCount: z.number().int().nonnegative(),
  /** Findings at or above `minSeverity`, new ones first, then by severity and score. */
  findings: z.array(AlertFindingSchema),
  /** Alerted findings left out of `findings` to stay within SNS's size limit. */
  omittedFindings: z.number().int().nonnegative(),
  links: z.object({
    image: z.string(),
    repository: z.string(),
    findings: z.string(),
  }),
});
export type Alert = z.infer<typeof AlertSchema>;
