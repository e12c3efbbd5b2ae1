/**
 * What runs in an account and region, one registry fact per source, read only by the
 * lifecycle control's guard (and the preview) when a lifecycle policy would expire something.
 * Each source's SDK client loads on first read (`await import`, which the bundler keeps lazy;
 * a static import of an external package it hoists to the bundle's top): most runs never
 * need them, and three more clients at module init would slow every cold start.
 *
 * @module
 */
import type { ImageUse } from '#lib/lifecycle/index.ts';
import { defineRegistryFact } from '../../fact.ts';
import { MAX_IN_USE_WINDOW_DAYS } from '../config.ts';
import { CallLog } from './call-log.ts';
import { ecsImageUses } from './ecs-image-uses.ts';
import { inspectorImageUses } from './inspector-image-uses.ts';
import { lambdaImageUses } from './lambda-image-uses.ts';

/** What one source says runs, and the calls it took to learn it (by IAM action). */
export interface SourceUses {
  uses: ImageUse[];
  calls: Record<string, number>;
}

/**
 * Read once per run (an event, a sweep worker's batch, a CLI command), and at most this long
 * within one: a sweep of a large registry reads what runs again rather than trust it longer.
 */
const IN_USE_TTL_MS = 15 * 60_000;

export const ecsImagesInUseFact = defineRegistryFact({
  name: 'ecsImagesInUse',
  actions: [
    'ecs:DescribeServices',
    'ecs:DescribeTaskDefinition',
    'ecs:DescribeTasks',
    'ecs:ListClusters',
    'ecs:ListServices',
    'ecs:ListTasks',
  ],
  ttlMs: IN_USE_TTL_MS,
  perRun: true,
  async read(context): Promise<SourceUses> {
    const { ECSClient } = await import('@aws-sdk/client-ecs');
    const log = new CallLog(context);
    const uses = await ecsImageUses(context.client(ECSClient), context, log);
    return { uses, calls: log.counts };
  },
});

export const lambdaImagesInUseFact = defineRegistryFact({
  name: 'lambdaImagesInUse',
  actions: ['lambda:GetFunction', 'lambda:ListFunctions'],
  ttlMs: IN_USE_TTL_MS,
  perRun: true,
  async read(context): Promise<SourceUses> {
    const { LambdaClient } = await import('@aws-sdk/client-lambda');
    const log = new CallLog(context);
    const uses = await lambdaImageUses(context.client(LambdaClient), context, log);
    return { uses, calls: log.counts };
  },
});

/**
 * What Amazon Inspector saw running within the longest window a standard may ask for: each
 * use carries `lastInUseAt` and `inUseCount`, so the window of the repository's scope
 * (`lifecycle.inUseWindowDays`) is applied when the uses are judged.
 */
export const inspectorImagesInUseFact = defineRegistryFact({
  name: 'inspectorImagesInUse',
  actions: ['inspector2:ListFindings'],
  ttlMs: IN_USE_TTL_MS,
  perRun: true,
  async read(context): Promise<SourceUses> {
    const { Inspector2Client } = await import('@aws-sdk/client-inspector2');
    const log = new CallLog(context);
    const uses = await inspectorImageUses(
      context.client(Inspector2Client),
      context,
      { windowDays: MAX_IN_USE_WINDOW_DAYS, now: new Date() },
      log,
    );
    return { uses, calls: log.counts };
  },
});

/** The fact of each source, as `lifecycle.inUseSources` names them. */
export const IN_USE_FACTS = {
  ecs: ecsImagesInUseFact,
  lambda: lambdaImagesInUseFact,
  inspector: inspectorImagesInUseFact,
} as const;
