/**
 * The EventBridge envelope of the events ecr-guard receives.
 *
 * @module
 */
import * as z from 'zod';
import { AccountIdSchema, RegionSchema, TimestampSchema } from './primitives.ts';

/** The event sources ecr-guard's rules forward; anything else reaching it is a mistake. */
export const EVENT_SOURCES = ['aws.ecr', 'aws.inspector2', 'aws.inspector'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** The `detail-type` values ecr-guard reads a detail for. */
export const DETAIL_TYPES = {
  imageAction: 'ECR Image Action',
  imageScan: 'ECR Image Scan',
  apiCallViaCloudTrail: 'AWS API Call via CloudTrail',
  serviceEventViaCloudTrail: 'AWS Service Event via CloudTrail',
  inspector2Scan: 'Inspector2 Scan',
  pullThroughCacheAction: 'ECR Pull Through Cache Action',
  replicationAction: 'ECR Replication Action',
  scanResourceChange: 'ECR Scan Resource Change',
  inspector2Finding: 'Inspector2 Finding',
} as const;

/**
 * The EventBridge envelope, as Powertools' `EventBridgeSchema` describes it, tightened where
 * ecr-guard relies on a field and loosened where AWS's own samples do not pass it. Written
 * out here rather than extended from Powertools: its module imports zod's whole namespace,
 * which puts 350 KB of zod (every locale) into each function bundle.
 * - `account` is 12 digits and `region` a region name (Powertools accepts any string);
 * - `source` is one of {@link EVENT_SOURCES};
 * - `time` is checked for form only (Powertools' `z.iso.datetime()` rejects the real
 *   pull-through cache sample dated `2023-02-29`);
 * - `detail` must be an object (Powertools accepts anything);
 * - `id` and `detail-type` must not be empty.
 *
 * Unknown top-level keys (one published Inspector sample has `"detail.resources.tags.testkey"`)
 * are stripped, as in Powertools.
 */
export const GuardEnvelopeSchema = z.object({
  version: z.string(),
  id: z.string().min(1).max(256),
  source: z.enum(EVENT_SOURCES),
  account: AccountIdSchema,
  time: TimestampSchema,
  region: RegionSchema,
  'detail-type': z.string().min(1).max(256),
  resources: z.array(z.string()),
  'replay-name': z.string().optional(),
  detail: z.record(z.string(), z.unknown()),
});
export type GuardEnvelope = z.infer<typeof GuardEnvelopeSchema>;
