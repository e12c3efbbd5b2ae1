/**
 * The team alert: one message to a team about many images at once — one finding on more of
 * its images than `alerts.groupAbove` in a window (`grouped`), or the images whose alerted
 * findings all closed (`resolved`). Published on the alerts topic beside the image alerts,
 * told apart by `kind`.
 *
 * @module
 */
import * as z from 'zod';
import { SEVERITIES } from '#lib/events/guard-event.ts';
import { ALERT_SCHEMA_VERSION, AlertFindingSchema } from './alert-schema.ts';

/** Images a team alert lists; the others are counted ("and N more"). */
export const TEAM_ALERT_MAX_IMAGES = 20;

/** The kinds of team alert. */
export const TEAM_ALERT_KINDS = ['grouped', 'resolved'] as const;
export type TeamAlertKind = (typeof TEAM_ALERT_KINDS)[number];

/** One image of a team alert. */
export const TeamAlertImageSchema = z.object({
  account: z.string(),
  region: z.string(),
  repository: z.string(),
  digest: z.string(),
  tags: z.array(z.string()),
  /** `in use`, `not pulled for N days`, when Inspector says. */
  usage: z.string().optional(),
  /** The image's page in the ECR console. */
  link: z.string(),
});
export type TeamAlertImage = z.infer<typeof TeamAlertImageSchema>;

export const TeamAlertSchema = z.object({
  schemaVersion: z.literal(ALERT_SCHEMA_VERSION),
  kind: z.enum(TEAM_ALERT_KINDS),
  /** Identifies the content: the team, the finding (grouped), the images and their versions. */
  fingerprint: z.string().min(1),
  /** With `fingerprint`, names the alert version (subscribers deduplicate on the pair). */
  generation: z.number().int().positive().optional(),
  /** The first event of the window the alert comes from. */
  event: z.object({ id: z.string(), time: z.string() }),
  team: z.string().min(1),
  minSeverity: z.enum(SEVERITIES),
  severity: z.enum(SEVERITIES),
  /** `grouped`: the finding the images share. */
  finding: AlertFindingSchema.optional(),
  /** `resolved`: the vulnerability ids that closed (first ones), and how many more. */
  resolvedIds: z.array(z.string()).optional(),
  omittedResolvedIds: z.number().int().nonnegative().optional(),
  /** How many images the alert is about; `images` lists the first of them, ranked. */
  imageCount: z.number().int().positive(),
  images: z.array(TeamAlertImageSchema),
  omittedImages: z.number().int().nonnegative(),
});
export type TeamAlert = z.infer<typeof TeamAlertSchema>;
