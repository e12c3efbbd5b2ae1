/**
 * What the deployed stack allows the sweep, read from the CloudFormation template that
 * `serverless package` generates (not a copy of serverless.yml): the functions' timeout,
 * memory, reserved concurrency and environment, the event source mapping's batch size and
 * maximum concurrency, the sweep queue's visibility timeout and redrive policy.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  packageService,
  type Resource,
  readPackagedTemplate,
  type Template,
} from '../../harness/serverless-package.ts';

export interface PackagedFunction {
  logicalId: string;
  name: string;
  timeoutSeconds: number;
  memoryMb: number;
  reservedConcurrency: number | undefined;
  /** Environment variables, CloudFormation references resolved by `resolve`. */
  environment: Record<string, unknown>;
}

export interface StackSettings {
  scheduler: PackagedFunction;
  worker: PackagedFunction;
  eventSource: {
    batchSize: number;
    maximumConcurrency: number | undefined;
    maximumBatchingWindowSeconds: number;
  };
  queue: { visibilityTimeoutSeconds: number; maxReceiveCount: number; retentionSeconds: number };
  /** The `--param`s the template was packaged with. */
  params: Record<string, string>;
  packagedInMs: number;
}

function properties(template: Template, logicalId: string): Record<string, unknown> {
  const resource: Resource | undefined = template.Resources[logicalId];
  if (resource?.Properties === undefined) {
    throw new Error(`the packaged template has no ${logicalId}`);
  }
  return resource.Properties;
}

function readFunction(template: Template, logicalId: string): PackagedFunction {
  const p = properties(template, logicalId);
  const environment = (p.Environment as { Variables?: Record<string, unknown> } | undefined)
    ?.Variables;
  return {
    logicalId,
    name: String(p.FunctionName),
    timeoutSeconds: Number(p.Timeout ?? 6),
    memoryMb: Number(p.MemorySize ?? 1024),
    reservedConcurrency:
      p.ReservedConcurrentExecutions === undefined
        ? undefined
        : Number(p.ReservedConcurrentExecutions),
    environment: environment ?? {},
  };
}

/**
 * Reads the sweep's settings from a packaged template.
 *
 * @throws {Error} when the template lacks the sweep's functions, mapping or queue.
 */
export function readStackSettings(
  template: Template,
  params: Record<string, string>,
  packagedInMs: number,
): StackSettings {
  const scheduler = readFunction(template, 'SweepLambdaFunction');
  const worker = readFunction(template, 'SweepDashworkerLambdaFunction');
  const mapping = Object.values(template.Resources).find(
    (r) =>
      r.Type === 'AWS::Lambda::EventSourceMapping' &&
      JSON.stringify(r.Properties?.EventSourceArn).includes('"SweepQueue"'),
  )?.Properties;
  if (mapping === undefined)
    throw new Error('the packaged template maps no function to SweepQueue');
  const queue = properties(template, 'SweepQueue');
  const redrive = queue.RedrivePolicy as { maxReceiveCount?: number } | undefined;
  const scaling = mapping.ScalingConfig as { MaximumConcurrency?: number } | undefined;
  return {
    scheduler,
    worker,
    eventSource: {
      batchSize: Number(mapping.BatchSize ?? 10),
      maximumConcurrency:
        scaling?.MaximumConcurrency === undefined ? undefined : Number(scaling.MaximumConcurrency),
      maximumBatchingWindowSeconds: Number(mapping.MaximumBatchingWindowInSeconds ?? 0),
    },
    queue: {
      visibilityTimeoutSeconds: Number(queue.VisibilityTimeout ?? 30),
      maxReceiveCount: Number(redrive?.maxReceiveCount ?? Number.POSITIVE_INFINITY),
      retentionSeconds: Number(queue.MessageRetentionPeriod ?? 345_600),
    },
    params,
    packagedInMs,
  };
}

/**
 * Packages the service offline (`serverless package`) with the given parameters and reads
 * the sweep's settings from the template.
 *
 * @example
 * ```ts
 * const stack = await packagedStackSettings({ sweepRegions: 'us-east-1,eu-west-1' });
 * stack.worker.timeoutSeconds; // 900
 * ```
 */
export async function packagedStackSettings(
  params: Record<string, string>,
): Promise<StackSettings> {
  const outDir = await mkdtemp(join(tmpdir(), 'ecr-guard-scale-'));
  try {
    const run = await packageService({ outDir, params, stage: 'scale', region: 'us-east-1' });
    return readStackSettings(readPackagedTemplate(outDir), params, run.durationMs);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/**
 * The environment variables of a function as Lambda would set them: CloudFormation
 * references (`Ref` of the account, the partition, the queue) resolved to the simulation's.
 *
 * @throws {Error} for a reference the simulation cannot resolve.
 */
export function resolveEnvironment(
  variables: Record<string, unknown>,
  refs: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (typeof value === 'string' || typeof value === 'number') {
      out[name] = String(value);
      continue;
    }
    const ref = (value as { Ref?: unknown } | null)?.Ref;
    if (typeof ref === 'string' && refs[ref] !== undefined) {
      out[name] = refs[ref];
      continue;
    }
    throw new Error(`cannot resolve ${name}=${JSON.stringify(value)} for the simulation`);
  }
  return out;
}
