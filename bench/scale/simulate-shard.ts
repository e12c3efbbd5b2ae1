/**
 * The workers' side of the sweep for one shard of the organization: the fan-out's messages
 * of the shard's accounts arrive on the simulated queue when the scheduler sent them, the
 * event source invokes `sweep-worker` with them, and the real worker code sweeps the model's
 * registries. A shard gets its share of what the accounts share (the worker's concurrency, the
 * central account's STS limit); with one shard, it is the whole organization.
 */

import type { SweepRunSummary } from '#lib/app/run-sweep-messages.ts';
import { loadStandard } from '#lib/standard/index.ts';
import { AwsModel, type CallCount } from './aws-model.ts';
import {
  type EventSourceStats,
  type InvocationRecord,
  type QueueStats,
  SimulatedFunction,
  SimulatedQueue,
  SqsEventSource,
} from './lambda-service.ts';
import { EXEMPT, generateOrganization, type Organization } from './organization.ts';
import { captureOutput, lambdaCredentials, withEnvironment } from './process-capture.ts';
import { seededRandom } from './random.ts';
import type { FannedOutMessage } from './simulate-fan-out.ts';
import { sweepWorkerContainer } from './simulated-functions.ts';
import { type SimulationInputs, SWEEP_START, simulatedStack } from './simulation-inputs.ts';
import { realTime, VirtualClock } from './virtual-clock.ts';
import { warmUp } from './warm-up.ts';

export interface ShardInput {
  inputs: SimulationInputs;
  shard: number;
  shards: number;
  /** The fan-out's messages for this shard's accounts. */
  messages: FannedOutMessage[];
}

/** What one account and region came to. */
export interface TargetOutcome {
  target: string;
  repositories: number;
  hardThrottled: boolean;
  /** Parts swept without failure (more than one: split across messages). */
  parts: number;
  failedParts: number;
  pages: number;
  calls: number;
  throttled: number;
  retries: number;
  /** Receives of its messages beyond the first (after a visibility timeout). */
  redeliveries: number;
  /** ms after the schedule fired when its last part ended. */
  finishedAt: number;
  /** ms after the schedule fired of its last ECR call: before `finishedAt`, it waited for its batch. */
  lastCallAt: number;
  /** Time its parts spent being swept, ms. */
  sweepingMs: number;
  deadLettered: number;
}

/** An invocation, reduced to what the report needs. */
export type InvocationFigures = Pick<
  InvocationRecord,
  'cold' | 'durationMs' | 'billedMs' | 'timedOut' | 'messages' | 'cpuMs' | 'calls' | 'throttled'
> & { startedAt: number; finishedAt: number; failed: boolean };

export interface ShardResult {
  shard: number;
  accounts: number;
  repositories: number;
  invocations: InvocationFigures[];
  containers: number;
  targets: TargetOutcome[];
  counts: Record<string, CallCount>;
  queue: QueueStats;
  eventSource: EventSourceStats;
  summaries: Pick<
    SweepRunSummary,
    'repositories' | 'compliant' | 'remediated' | 'exempt' | 'failed'
  >;
  /** Repositories neither compliant nor exempt once the shard's sweep is over. */
  leftNonCompliant: number;
  /** Real CPU ms: the worker containers' code, and the model's own. */
  workerCpuMs: number;
  modelCpuMs: number;
  logBytes: number;
  /** ms after the schedule fired when the last invocation ended. */
  endedAt: number;
  realMs: number;
  /** CPU time of the whole shard process (simulation included), ms. */
  processCpuMs: number;
  /** Slices of work the virtual clock ran. */
  slices: number;
  unsupported: string[];
}

/** The organization, reduced to the accounts of one shard (the central account stays central). */
function shardOf(organization: Organization, shard: number, shards: number): Organization {
  const accounts = organization.accounts.filter((_, i) => i % shards === shard);
  return {
    ...organization,
    accounts,
    repositories: accounts.reduce(
      (sum, a) => sum + a.registries.reduce((s, r) => s + r.states.length, 0),
      0,
    ),
  };
}

function targetOf(body: string): string | undefined {
  try {
    const message = JSON.parse(body) as { account?: unknown; region?: unknown };
    return typeof message.account === 'string' && typeof message.region === 'string'
      ? `${message.account}/${message.region}`
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Simulates the shard's sweep to its end (every message deleted or dead-lettered).
 *
 * @example
 * ```ts
 * const result = await simulateShard({ inputs, shard: 0, shards: 1, messages }, console.error);
 * ```
 */
export async function simulateShard(
  input: ShardInput,
  log: (line: string) => void,
): Promise<ShardResult> {
  const { inputs, shard, shards } = input;
  const startedReal = realTime.now();
  const organization = shardOf(generateOrganization(inputs.organization), shard, shards);
  const stack = simulatedStack(inputs.stack, organization);
  const standard = await loadStandard();
  await warmUp(inputs, standard);

  const clock = new VirtualClock({ start: SWEEP_START });
  const queue = new SimulatedQueue(clock, inputs.stack.queue);
  const aws = new AwsModel({
    clock,
    organization,
    random: seededRandom(`${inputs.organization.seed}/latency/${shard}`),
    options: inputs.aws,
    queue,
    centralShare: 1 / shards,
  });
  const totals = { repositories: 0, compliant: 0, remediated: 0, exempt: 0, failed: 0 };
  const perTarget = new Map<string, TargetOutcome>();
  const sizes = new Map<string, number>(
    organization.accounts.flatMap((a) =>
      a.registries.map((r): [string, number] => [`${r.account}/${r.region}`, r.states.length]),
    ),
  );
  const hard = new Set(
    organization.accounts.filter((a) => a.hardThrottle !== undefined).map((a) => a.id),
  );
  const outcomeOf = (key: string): TargetOutcome => {
    let outcome = perTarget.get(key);
    if (outcome === undefined) {
      outcome = {
        target: key,
        repositories: sizes.get(key) ?? 0,
        hardThrottled: hard.has(key.split('/')[0] ?? ''),
        parts: 0,
        failedParts: 0,
        pages: 0,
        calls: 0,
        throttled: 0,
        retries: 0,
        redeliveries: 0,
        finishedAt: 0,
        lastCallAt: 0,
        sweepingMs: 0,
        deadLettered: 0,
      };
      perTarget.set(key, outcome);
    }
    return outcome;
  };
  const onSummaries = (summaries: SweepRunSummary[]): void => {
    for (const summary of summaries) {
      totals.repositories += summary.repositories;
      totals.compliant += summary.compliant;
      totals.remediated += summary.remediated;
      totals.exempt += summary.exempt;
      totals.failed += summary.failed;
      const outcome = outcomeOf(`${summary.account}/${summary.region}`);
      if (summary.outcome === 'ok') outcome.parts += 1;
      else outcome.failedParts += 1;
      outcome.sweepingMs += summary.durationMs;
      outcome.finishedAt = Math.max(outcome.finishedAt, clock.now() - SWEEP_START);
    }
  };
  const worker = new SimulatedFunction(
    clock,
    {
      name: 'sweep-worker',
      timeoutMs: inputs.stack.worker.timeoutSeconds * 1000,
      memoryMb: inputs.stack.worker.memoryMb,
      initMs: inputs.initMs,
    },
    () =>
      sweepWorkerContainer(
        { env: stack.workerEnv, standard, requestHandler: aws.requestHandler },
        onSummaries,
      ),
  );
  const source = new SqsEventSource(clock, queue, worker, {
    batchSize: inputs.stack.eventSource.batchSize,
    maximumConcurrency: inputs.stack.eventSource.maximumConcurrency,
    reservedConcurrency: inputs.stack.worker.reservedConcurrency,
    accountConcurrency: inputs.accountConcurrency,
    queueArn: stack.queueArn,
    region: stack.region,
    share: 1 / shards,
  });
  source.onBatchDone = (_result, _record, batch) => {
    for (const message of batch) {
      if (message.receiveCount < 2) continue;
      const key = targetOf(message.body);
      if (key !== undefined) outcomeOf(key).redeliveries += 1;
    }
  };
  aws.onCall = (seen) => {
    const record = worker.invocationOf(clock.current);
    if (record === undefined) return;
    record.calls += 1;
    if (seen.throttled) record.throttled += 1;
  };
  // The fan-out's messages arrive when the scheduler sent them.
  for (const message of input.messages) {
    clock.schedule(undefined, message.sentAt, () => {
      queue.send(message.body, message.delaySeconds);
    });
  }
  const lastSend = Math.max(0, ...input.messages.map((m) => m.sentAt));

  const restoreEnv = withEnvironment({
    ...lambdaCredentials(aws.centralKey, stack.region),
    POWERTOOLS_SERVICE_NAME: stack.workerEnv.POWERTOOLS_SERVICE_NAME ?? 'ecr-guard',
    POWERTOOLS_LOG_LEVEL: stack.workerEnv.POWERTOOLS_LOG_LEVEL ?? 'INFO',
  });
  const output = captureOutput();
  const restoreClock = clock.install();
  let lastLog = realTime.now();
  try {
    await clock.run({
      limitMs: 3 * 24 * 3_600_000,
      done: () =>
        clock.now() - SWEEP_START > lastSend && queue.pending === 0 && worker.active === 0,
      onProgress: () => {
        const now = realTime.now();
        if (now - lastLog < 15_000) return;
        lastLog = now;
        output.say(
          `  shard ${shard + 1}/${shards}: ${((now - startedReal) / 1000).toFixed(0)} s real, ` +
            `${((clock.now() - SWEEP_START) / 60_000).toFixed(1)} min simulated, ` +
            `${totals.repositories}/${organization.repositories} repositories, ` +
            `${queue.pending} messages pending, ${worker.active} workers`,
        );
      },
    });
  } finally {
    restoreClock();
    output.restore();
    restoreEnv();
  }
  log(
    `  shard ${shard + 1}/${shards} done in ${((realTime.now() - startedReal) / 1000).toFixed(0)} s`,
  );

  for (const [key, counts] of aws.byTarget) {
    const outcome = outcomeOf(key);
    outcome.calls = counts.calls;
    outcome.throttled = counts.throttled;
    outcome.retries = counts.retries;
  }
  for (const [key, pages] of aws.pagesByTarget) outcomeOf(key).pages = pages;
  for (const [key, at] of aws.lastCallByTarget) outcomeOf(key).lastCallAt = at - SWEEP_START;
  for (const message of queue.dead) {
    const key = targetOf(message.body);
    if (key !== undefined) outcomeOf(key).deadLettered += 1;
  }
  let leftNonCompliant = 0;
  for (const account of organization.accounts) {
    for (const registry of account.registries) {
      for (const state of registry.states) {
        if (state !== 0 && (state & EXEMPT) === 0) leftNonCompliant += 1;
      }
    }
  }
  const invocations: InvocationFigures[] = worker.invocations.map((i) => ({
    cold: i.cold,
    durationMs: i.durationMs,
    billedMs: i.billedMs,
    timedOut: i.timedOut,
    failed: i.error !== undefined,
    messages: i.messages,
    cpuMs: i.cpuMs,
    calls: i.calls,
    throttled: i.throttled,
    startedAt: i.requestedAt - SWEEP_START,
    finishedAt: i.finishedAt - SWEEP_START,
  }));
  return {
    shard,
    accounts: organization.accounts.length,
    repositories: organization.repositories,
    invocations,
    containers: worker.containersCreated,
    targets: [...perTarget.values()],
    counts: Object.fromEntries(aws.counts),
    queue: queue.stats,
    eventSource: source.stats,
    summaries: totals,
    leftNonCompliant,
    workerCpuMs: invocations.reduce((sum, i) => sum + i.cpuMs, 0),
    modelCpuMs: clock.excludedMsTotal,
    logBytes: output.bytes,
    endedAt: Math.max(0, ...invocations.map((i) => i.finishedAt)),
    realMs: realTime.now() - startedReal,
    processCpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    slices: clock.slices,
    unsupported: [...aws.unsupported],
  };
}
