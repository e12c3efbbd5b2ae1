/**
 * `npm run bench -- --scale`: the daily sweep of a large organization, simulated.
 *
 * The real sweep engine runs (the `sweep` function's target expansion and fan-out, the
 * worker's `runSweepMessages` with its gateway, enforcement and reports, the AWS SDK with its
 * retries) against the in-process AWS model, in virtual time, with the concurrency, timeouts,
 * batch size and queue settings of the packaged stack. What waits (AWS latency, throttling
 * backoff, queue delays, Lambda scaling) costs no real time; what computes is measured.
 *
 * 1. package the stack and read the sweep's settings from its template;
 * 2. simulate the scheduled `sweep` over the whole organization: the fan-out's messages;
 * 3. simulate the workers, in one process per core, each with a shard of the accounts and
 *    that share of what accounts share (worker concurrency, the central account's STS limit);
 * 4. merge: time, calls, throttling, invocations against the timeout, CPU, cost.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AwsModelOptions, CallCount } from './aws-model.ts';
import { type CostLine, type Prices, sweepCost } from './cost.ts';
import { cpuScaleOf } from './lambda-service.ts';
import {
  EXEMPT,
  generateOrganization,
  MISSING_IMMUTABILITY,
  MISSING_LIFECYCLE,
  MISSING_SCANNING,
  type OrganizationOptions,
} from './organization.ts';
import { simulateFanOut } from './simulate-fan-out.ts';
import type {
  InvocationFigures,
  ShardInput,
  ShardResult,
  TargetOutcome,
} from './simulate-shard.ts';
import type { SimulationInputs } from './simulation-inputs.ts';
import { packagedStackSettings, type StackSettings } from './stack-settings.ts';

export interface ScaleOptions {
  organization: OrganizationOptions;
  aws: AwsModelOptions;
  prices: Prices;
  /** Unreserved concurrency of the central account's region (Lambda's default quota, 1,000). */
  accountConcurrency: number;
  /** The sweep must end within this (the schedule is daily). */
  windowHours: number;
  /** Module init of a cold container, ms; `undefined`: the last `npm run bench` figure, else 250. */
  initMs: number | undefined;
  /** Processes to simulate the workers in; default one per core. */
  shards?: number;
  log: (line: string) => void;
}

/** Quantiles of a list of numbers. */
export interface Spread {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.at(-1) ?? 0,
    mean: sorted.length === 0 ? 0 : sum / sorted.length,
  };
}

/** A slow account and region, and why. */
export interface SlowTarget extends TargetOutcome {
  why: string[];
}

export interface ScaleResult {
  organization: {
    seed: string;
    accounts: number;
    regions: readonly string[];
    registries: number;
    repositories: number;
    perRegistry: Spread;
    perAccount: Spread;
    hardThrottled: Array<{ account: string; callsPerSecond: number; repositories: number }>;
    initialShares: { compliant: number; missing: Record<string, number>; exempt: number };
  };
  stack: StackSettings & { initMs: number; initSource: string };
  model: AwsModelOptions & { accountConcurrency: number };
  simulation: {
    shards: number;
    realMs: number;
    workerRealMs: number[];
    /** CPU time of each shard process, ms: what the run needs of this machine. */
    shardCpuMs: number[];
    /** The machine's 1-minute load average when the run ended (others' work included). */
    loadAverage: number;
  };
  sweep: {
    simulatedMs: number;
    windowHours: number;
    withinWindow: boolean;
    /** Repositories neither compliant nor exempt once the sweep is over (the model's state). */
    leftNonCompliant: number;
    deadLettered: number;
    targetsDeadLettered: number;
    slowestTarget: SlowTarget | undefined;
    slowest: SlowTarget[];
  };
  calls: {
    total: number;
    perRepository: number;
    ecrPerRepository: number;
    byOperation: Record<string, CallCount>;
    throttled: number;
    retries: number;
  };
  invocations: {
    worker: number;
    coldStarts: number;
    containers: number;
    peakConcurrency: number;
    durationMs: Spread;
    overTimeout: number;
    timedOut: number;
    failed: number;
    timeoutMs: number;
    scheduler: { durationMs: number; timeoutMs: number; messages: number };
  };
  messages: {
    sent: number;
    continuations: number;
    received: number;
    redelivered: number;
    deadLettered: number;
    waitMs: Spread;
    throttledBatches: number;
  };
  repositories: {
    swept: number;
    compliant: number;
    remediated: number;
    exempt: number;
    failed: number;
  };
  cpu: {
    /** Real CPU ms per repository swept, on this machine, of the worker's own code. */
    msPerRepository: number;
    workerMs: number;
    modelMs: number;
    /** Lambda's CPU share at the worker's memory: simulated ms per real CPU ms. */
    lambdaScale: number;
  };
  cost: { lines: CostLine[]; total: number; prices: Prices };
  logBytes: number;
}

/** The sweep-worker module init measured by the last `npm run bench`, if any. */
function measuredInitMs(): { ms: number; source: string } | undefined {
  try {
    const results = JSON.parse(
      readFileSync(new URL('../results.json', import.meta.url), 'utf8'),
    ) as { figures?: Array<{ name: string; value: number }> };
    const figure = results.figures?.find((f) => f.name === 'cold start sweep-worker');
    return figure === undefined
      ? undefined
      : { ms: figure.value, source: 'bench/results.json, cold start sweep-worker' };
  } catch {
    return undefined;
  }
}

function classify(target: TargetOutcome, largeThreshold: number): string[] {
  const why: string[] = [];
  if (target.repositories >= largeThreshold)
    why.push(`large (${target.repositories} repositories)`);
  if (target.hardThrottled) why.push('hard-throttled account');
  if (target.calls > 0 && target.throttled / target.calls > 0.05) {
    why.push(`throttled (${target.throttled} of ${target.calls} calls)`);
  }
  if (target.pages > 10) why.push(`paged (${target.pages} pages)`);
  if (target.parts > 1) why.push(`split over ${target.parts} messages`);
  if (target.redeliveries > 0) {
    why.push(`redelivered ${target.redeliveries}× after the visibility timeout`);
  }
  if (target.failedParts > 0) why.push(`${target.failedParts} failed part(s)`);
  if (target.deadLettered > 0) why.push(`${target.deadLettered} message(s) dead-lettered`);
  const held = target.finishedAt - target.lastCallAt;
  if (held > 60_000) {
    why.push(
      `done ${Math.round(held / 1000)} s before its invocation ended (held by a slower message of its batch)`,
    );
  }
  if (why.length === 0) why.push('waited in the queue');
  return why;
}

/** Most invocations running at once, from their start and end times. */
function peakConcurrency(invocations: readonly InvocationFigures[]): number {
  const edges = invocations.flatMap((i) => [
    { at: i.startedAt, step: 1 },
    { at: i.finishedAt, step: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let running = 0;
  let peak = 0;
  for (const edge of edges) {
    running += edge.step;
    peak = Math.max(peak, running);
  }
  return peak;
}

const SHARD_MAIN = fileURLToPath(new URL('./shard-main.ts', import.meta.url));

/** Runs one shard in a child process (its own CPU clock), with a larger young generation. */
async function runShard(
  input: ShardInput,
  dir: string,
  log: (line: string) => void,
): Promise<ShardResult> {
  const inputPath = join(dir, `shard-${input.shard}.in.json`);
  const outputPath = join(dir, `shard-${input.shard}.out.json`);
  await writeFile(inputPath, JSON.stringify(input));
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=64', '--import', 'tsx', SHARD_MAIN, inputPath, outputPath],
    { stdio: ['ignore', 'ignore', 'pipe'], env: process.env },
  );
  let tail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-4000);
    for (const line of text.split('\n')) if (line.trim() !== '') log(line);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`shard ${input.shard + 1} exited with ${code}:\n${tail}`);
  return JSON.parse(await readFile(outputPath, 'utf8')) as ShardResult;
}

function addCounts(into: Record<string, CallCount>, from: Record<string, CallCount>): void {
  for (const [key, count] of Object.entries(from)) {
    const sum = into[key] ?? { calls: 0, throttled: 0, retries: 0 };
    sum.calls += count.calls;
    sum.throttled += count.throttled;
    sum.retries += count.retries;
    into[key] = sum;
  }
}

/**
 * Simulates one daily sweep of the organization and returns every figure.
 *
 * @example
 * ```ts
 * const result = await runScaleBenchmark({ organization: DEFAULT_ORGANIZATION, aws: DEFAULT_AWS_MODEL, prices: LIST_PRICES, accountConcurrency: 1000, windowHours: 24, initMs: undefined, log });
 * ```
 */
export async function runScaleBenchmark(options: ScaleOptions): Promise<ScaleResult> {
  const { log } = options;
  const startedReal = Date.now();
  log('packaging the stack to read the sweep settings from its template (serverless package)…');
  const packaged = await packagedStackSettings({
    organizationId: 'o-exampleorg1',
    sweepRegions: options.organization.regions.join(','),
  });
  const init =
    options.initMs === undefined ? measuredInitMs() : { ms: options.initMs, source: '--init-ms' };
  const initMs = init?.ms ?? 250;
  const initSource = init?.source ?? 'default (npm run bench measured 152–255 ms of module init)';
  const stack = { ...packaged, initMs, initSource };
  log(
    `  sweep-worker: timeout ${stack.worker.timeoutSeconds} s, ${stack.worker.memoryMb} MB, ` +
      `batch ${stack.eventSource.batchSize}, maximum concurrency ${stack.eventSource.maximumConcurrency ?? 'none'}, ` +
      `reserved ${stack.worker.reservedConcurrency ?? 'none'}; queue visibility ${stack.queue.visibilityTimeoutSeconds} s, ` +
      `${stack.queue.maxReceiveCount} receives before the DLQ`,
  );

  const organization = generateOrganization(options.organization);
  const registries = organization.accounts.flatMap((a) => a.registries);
  const total = organization.repositories;
  const initial = { compliant: 0, immutability: 0, lifecycle: 0, scanning: 0, exempt: 0 };
  for (const registry of registries) {
    for (const state of registry.states) {
      if (state === 0) initial.compliant += 1;
      else if ((state & EXEMPT) !== 0) initial.exempt += 1;
      else {
        if ((state & MISSING_IMMUTABILITY) !== 0) initial.immutability += 1;
        if ((state & MISSING_LIFECYCLE) !== 0) initial.lifecycle += 1;
        if ((state & MISSING_SCANNING) !== 0) initial.scanning += 1;
      }
    }
  }
  log(
    `organization: ${organization.accounts.length} accounts × ${organization.regions.length} regions, ` +
      `${total} repositories, ${((initial.compliant / total) * 100).toFixed(1)} % compliant (seed ${options.organization.seed})`,
  );
  const inputs: SimulationInputs = {
    organization: options.organization,
    aws: options.aws,
    stack,
    accountConcurrency: options.accountConcurrency,
    initMs,
  };

  log('the scheduled sweep: listing the organization and fanning out…');
  const fanOut = await simulateFanOut(inputs);
  log(
    `  ${fanOut.messages.length} messages in ${(fanOut.invocation.durationMs / 1000).toFixed(1)} s ` +
      `(timeout ${stack.scheduler.timeoutSeconds} s)`,
  );

  const shards = Math.max(
    1,
    Math.min(options.shards ?? availableParallelism(), organization.accounts.length),
  );
  log(`the workers: ${shards} shard(s) of the accounts, one process each…`);
  const indexOf = new Map(organization.accounts.map((a, i) => [a.id, i]));
  const dir = await mkdtemp(join(tmpdir(), 'ecr-guard-scale-'));
  let results: ShardResult[];
  try {
    results = await Promise.all(
      Array.from({ length: shards }, (_, shard) =>
        runShard(
          {
            inputs,
            shard,
            shards,
            messages: fanOut.messages.filter(
              (m) => (indexOf.get(m.account) ?? 0) % shards === shard,
            ),
          },
          dir,
          log,
        ),
      ),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const unsupported = results.flatMap((r) => r.unsupported);
  if (unsupported.length > 0) {
    throw new Error(
      `the AWS model was asked for calls it does not model: ${unsupported.join(', ')}`,
    );
  }

  const invocations = results.flatMap((r) => r.invocations);
  const targets = results.flatMap((r) => r.targets);
  const byOperation: Record<string, CallCount> = {};
  addCounts(byOperation, fanOut.counts);
  for (const r of results) addCounts(byOperation, r.counts);
  const calls = Object.values(byOperation);
  const callsTotal = calls.reduce((s, c) => s + c.calls, 0);
  const ecrCalls = Object.entries(byOperation)
    .filter(([k]) => k.startsWith('ecr:'))
    .reduce((s, [, c]) => s + c.calls, 0);
  const simulatedMs = Math.max(fanOut.invocation.durationMs, ...results.map((r) => r.endedAt));
  const deadLettered = results.reduce((s, r) => s + r.queue.deadLettered, 0);
  const large = spread(registries.map((r) => r.states.length)).p99;
  const slowest: SlowTarget[] = [...targets]
    .sort((a, b) => b.finishedAt - a.finishedAt)
    .slice(0, 5)
    .map((t) => ({ ...t, why: classify(t, large) }));
  const timeoutMs = stack.worker.timeoutSeconds * 1000;
  const repositories = { swept: 0, compliant: 0, remediated: 0, exempt: 0, failed: 0 };
  for (const r of results) {
    repositories.swept += r.summaries.repositories;
    repositories.compliant += r.summaries.compliant;
    repositories.remediated += r.summaries.remediated;
    repositories.exempt += r.summaries.exempt;
    repositories.failed += r.summaries.failed;
  }
  const workerCpuMs = results.reduce((s, r) => s + r.workerCpuMs, 0);
  const gb = (mb: number): number => mb / 1024;
  const gbSeconds =
    invocations.reduce((s, i) => s + (i.billedMs / 1000) * gb(stack.worker.memoryMb), 0) +
    (fanOut.invocation.billedMs / 1000) * gb(stack.scheduler.memoryMb);
  const sum = (pick: (r: ShardResult) => number): number =>
    results.reduce((s, r) => s + pick(r), 0);
  const dynamodb = { writes: 0, reads: 0 };
  for (const [key, count] of Object.entries(byOperation)) {
    if (!key.startsWith('dynamodb:')) continue;
    if (/Put|Update|Delete|Write/.test(key)) dynamodb.writes += count.calls;
    else dynamodb.reads += count.calls;
  }
  const logBytes = fanOut.logBytes + sum((r) => r.logBytes);
  const cost = sweepCost(
    {
      invocations: invocations.length + 1,
      gbSeconds,
      sqs: {
        sendBatches: byOperation['sqs:SendMessageBatch']?.calls ?? 0,
        receives: sum((r) => r.eventSource.batches),
        emptyReceives: sum((r) => r.eventSource.emptyReceives),
        deleteBatches: sum((r) => r.eventSource.deleteBatches),
      },
      dynamodb,
      logBytes,
    },
    options.prices,
  );
  const perAccount = organization.accounts.map((a) =>
    a.registries.reduce((s, r) => s + r.states.length, 0),
  );
  return {
    organization: {
      seed: options.organization.seed,
      accounts: organization.accounts.length,
      regions: organization.regions,
      registries: registries.length,
      repositories: total,
      perRegistry: spread(registries.map((r) => r.states.length)),
      perAccount: spread(perAccount),
      hardThrottled: organization.accounts
        .filter((a) => a.hardThrottle !== undefined)
        .map((a) => ({
          account: a.id,
          callsPerSecond: a.hardThrottle ?? 0,
          repositories: a.registries.reduce((s, r) => s + r.states.length, 0),
        })),
      initialShares: {
        compliant: initial.compliant / total,
        missing: {
          immutability: initial.immutability / total,
          lifecycle: initial.lifecycle / total,
          scanning: initial.scanning / total,
        },
        exempt: initial.exempt / total,
      },
    },
    stack,
    model: { ...options.aws, accountConcurrency: options.accountConcurrency },
    simulation: {
      shards,
      realMs: Date.now() - startedReal,
      workerRealMs: results.map((r) => r.realMs),
      shardCpuMs: results.map((r) => r.processCpuMs),
      loadAverage: loadavg()[0] ?? 0,
    },
    sweep: {
      simulatedMs,
      windowHours: options.windowHours,
      withinWindow: simulatedMs <= options.windowHours * 3_600_000 && deadLettered === 0,
      leftNonCompliant: sum((r) => r.leftNonCompliant),
      deadLettered,
      targetsDeadLettered: targets.filter((t) => t.deadLettered > 0).length,
      slowestTarget: slowest[0],
      slowest,
    },
    calls: {
      total: callsTotal,
      perRepository: callsTotal / total,
      ecrPerRepository: ecrCalls / total,
      byOperation,
      throttled: calls.reduce((s, c) => s + c.throttled, 0),
      retries: calls.reduce((s, c) => s + c.retries, 0),
    },
    invocations: {
      worker: invocations.length,
      coldStarts: invocations.filter((i) => i.cold).length,
      containers: sum((r) => r.containers),
      peakConcurrency: peakConcurrency(invocations),
      durationMs: spread(invocations.map((i) => i.durationMs)),
      overTimeout: invocations.filter((i) => i.timedOut || i.durationMs > timeoutMs).length,
      timedOut: invocations.filter((i) => i.timedOut).length,
      failed: invocations.filter((i) => i.failed && !i.timedOut).length,
      timeoutMs,
      scheduler: {
        durationMs: fanOut.invocation.durationMs,
        timeoutMs: stack.scheduler.timeoutSeconds * 1000,
        messages: fanOut.messages.length,
      },
    },
    messages: {
      sent: sum((r) => r.queue.sent),
      continuations: sum((r) => r.queue.sent) - fanOut.messages.length,
      received: sum((r) => r.queue.received),
      redelivered: sum((r) => r.queue.redelivered),
      deadLettered,
      waitMs: spread(results.flatMap((r) => r.queue.waits)),
      throttledBatches: sum((r) => r.eventSource.throttledBatches),
    },
    repositories,
    cpu: {
      msPerRepository: repositories.swept === 0 ? 0 : workerCpuMs / repositories.swept,
      workerMs: workerCpuMs,
      modelMs: sum((r) => r.modelCpuMs),
      lambdaScale: cpuScaleOf(stack.worker.memoryMb),
    },
    cost: { ...cost, prices: options.prices },
    logBytes,
  };
}
