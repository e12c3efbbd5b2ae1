import * as z from 'zod';

/**
 * The body of one message on the sweep queue: sweep one account in one region. The schedule
 * (`functions/sweep.ts`) sends them, `functions/sweep-worker.ts` receives them.
 */
export const SweepMessageSchema = z.strictObject({
  version: z.literal(1),
  /** Names the run in logs and metrics: every message of one schedule shares it. */
  runId: z.string().min(1).max(128),
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region'),
  /** `enforce` remediates; `audit` only reports. */
  mode: z.enum(['enforce', 'audit']),
  /**
   * A continuation: sweep the target from this DescribeRepositories page token on. The worker
   * sends one when a target does not fit its invocation; the schedule's messages have none.
   */
  startToken: z.string().min(1).max(8192).optional(),
  /** Which part of the target's sweep this is: 1 (the schedule's message), 2, 3, … */
  part: z.number().int().min(1).max(100_000).optional(),
  /** Parts in a row that AWS throttled before they swept a page (a continuation's). */
  stalls: z.number().int().min(1).max(100).optional(),
});

export type SweepMessage = z.infer<typeof SweepMessageSchema>;

/**
 * The SQS event Lambda hands sweep-worker, reduced to what it reads: each record's id (for
 * partial batch failures) and body (a sweep message). Powertools' `SqsSchema` describes the
 * same records, but its module keeps all of zod in the bundle.
 *
 * @example
 * ```ts
 * const event = SqsBatchSchema.safeParse(raw);
 * ```
 */
export const SqsBatchSchema = z.object({
  Records: z.array(z.object({ messageId: z.string().min(1), body: z.string() })),
});
