import * as z from 'zod';

/**
 * The EventBridge event a schedule rule sends (`aws.events`, `Scheduled Event`). Only its id
 * is used: it names the sweep run in logs and metrics.
 *
 * @example
 * ```ts
 * const event = ScheduledEventSchema.safeParse(raw);
 * if (event.success) startSweep({ runId: event.data.id, … });
 * ```
 */
export const ScheduledEventSchema = z.object({
  id: z.string().min(1).max(256),
  'detail-type': z.literal('Scheduled Event'),
  source: z.literal('aws.events'),
  time: z.string(),
  resources: z.array(z.string()),
});
