/**
 * A notice: what ecr-guard changed on a team's repositories, why, and how to be exempted. It
 * is published on the alerts topic (message attribute `kind: notice`) and posted to the
 * team's Slack channel; this schema reads it back there.
 *
 * @module
 */
import * as z from 'zod';

/** The `kind` message attribute of a notice on the alerts topic. */
export const NOTICE_KIND = 'notice';

/** The `type` field of a notice's body, which tells it apart from an alert. */
export const NOTICE_TYPE = 'ecr-guard-notice';

/** How many repositories a notice lists; the others are counted ("and N more"). */
export const MAX_NOTICE_REPOSITORIES = 20;

const NoticeChangeSchema = z.object({
  /** The control that asked for the change (`immutability`, `lifecycle`, `scanning`). */
  control: z.string(),
  /** The part of the standard (the section of ecr-guard.yml) the change applies. */
  section: z.string(),
  /** The ECR call made. */
  action: z.string(),
  /** What the control found wrong. */
  reason: z.string().optional(),
  /** The change in one line: `tag mutability: MUTABLE → IMMUTABLE_WITH_EXCLUSION (exclusions: latest)`. */
  summary: z.string(),
  before: z.string(),
  after: z.string(),
  /** A lifecycle policy written: its rules, short. */
  rules: z.array(z.string()).optional(),
  /** A lifecycle policy replaced: the rules it had that are gone. */
  removedRules: z.array(z.string()).optional(),
});

const NoticeRepositorySchema = z.object({
  account: z.string(),
  region: z.string(),
  repositoryName: z.string(),
  consoleUrl: z.string(),
  /** The scope of the standard that applied (`default`: the base standard). */
  scope: z.string(),
  changes: z.array(NoticeChangeSchema),
  /** Changes made since the last notice of this repository and not announced (`minInterval`). */
  heldBack: z.number().int().nonnegative(),
});

const NoticeDriftSchema = z.object({
  /** The CloudTrail call that undid the fix. */
  eventName: z.string(),
  eventTime: z.string(),
  /** The caller's ARN, as CloudTrail recorded it (`userIdentity.arn`). */
  callerArn: z.string(),
  /** The caller, readable: `role Admin (session mary.major)`. */
  principal: z.string(),
  /** How often this repository drifted in the last 30 days, this time included, when known. */
  driftsLast30Days: z.number().int().positive().optional(),
});

export const NoticeSchema = z.object({
  type: z.literal(NOTICE_TYPE),
  /** The notice's identity: the same change announced again carries the same id. */
  noticeId: z.string(),
  team: z.string(),
  /** `event`: a push, a creation or a drift; `sweep`: one notice per team per sweep run. */
  origin: z.enum(['event', 'sweep']),
  /** The event id, or the sweep's run id. */
  originId: z.string(),
  createdAt: z.string(),
  repositories: z.array(NoticeRepositorySchema),
  /** Repositories changed and not listed (beyond {@link MAX_NOTICE_REPOSITORIES}). */
  omittedRepositories: z.number().int().nonnegative(),
  /** Someone undid a fix, and ecr-guard re-applied it. */
  drift: NoticeDriftSchema.optional(),
  exemption: z.object({
    /** The tags a repository sets to be exempted. */
    tags: z.object({ exempt: z.string(), exemptUntil: z.string(), exemptReason: z.string() }),
    /** Who approves, and how to ask (`notices.exemptionHelp`). */
    help: z.string(),
  }),
});

export type Notice = z.output<typeof NoticeSchema>;
export type NoticeRepository = Notice['repositories'][number];
export type NoticeChange = NoticeRepository['changes'][number];
export type NoticeDrift = NonNullable<Notice['drift']>;
