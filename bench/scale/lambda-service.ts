/**
 * Lambda and the SQS event source, as far as the sweep meets them: a standard queue with a
 * visibility timeout and a redrive policy, an event source mapping that scales its pollers
 * the way the Lambda developer guide describes ("Configuring scaling behavior for SQS event
 * source mappings": five concurrent batches to start, up to 300 more a minute, at most 1,000
 * batches at once, capped by `MaximumConcurrency`), and functions whose containers are kept
 * warm, start cold with a module init, get the function's share of a vCPU (1,769 MB is one
 * vCPU) and are killed at their timeout.
 */
import type { Context } from 'aws-lambda';
import type { CpuOwner, VirtualClock } from './virtual-clock.ts';

/** One message of the simulated queue. */
interface QueuedMessage {
  id: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** Bumped on each receive: a visibility timer of an earlier receive does nothing. */
  receipt: number;
  state: 'delayed' | 'visible' | 'in-flight' | 'deleted' | 'dead';
}

export interface QueueSettings {
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
}

/** What happened to the queue's messages. */
export interface QueueStats {
  sent: number;
  received: number;
  /** Receives of a message already received before (a retry after its visibility timeout). */
  redelivered: number;
  deleted: number;
  /** Moved to the dead-letter queue after `maxReceiveCount` receives. */
  deadLettered: number;
  /** ms from sending to first receive, per message. */
  waits: number[];
}

/** A standard SQS queue with its DLQ: FIFO enough for a model (SQS promises no order). */
export class SimulatedQueue {
  readonly stats: QueueStats = {
    sent: 0,
    received: 0,
    redelivered: 0,
    deleted: 0,
    deadLettered: 0,
    waits: [],
  };
  readonly dead: QueuedMessage[] = [];
  readonly #clock: VirtualClock;
  readonly #settings: QueueSettings;
  readonly #visible: QueuedMessage[] = [];
  #head = 0;
  readonly #byId = new Map<string, QueuedMessage>();
  #seq = 0;
  #pending = 0;
  onVisible: (() => void) | undefined;

  constructor(clock: VirtualClock, settings: QueueSettings) {
    this.#clock = clock;
    this.#settings = settings;
  }

  /** Messages not yet deleted or dead-lettered (visible, delayed or in flight). */
  get pending(): number {
    return this.#pending;
  }

  get visible(): number {
    return this.#visible.length - this.#head;
  }

  send(body: string, delaySeconds: number): string {
    this.#seq += 1;
    const id = `msg-${this.#seq.toString().padStart(8, '0')}-4e1b-9c7a-${(this.#seq * 7919).toString(16).padStart(12, '0')}`;
    const message: QueuedMessage = {
      id,
      body,
      sentAt: this.#clock.now(),
      receiveCount: 0,
      receipt: 0,
      state: 'delayed',
    };
    this.#byId.set(id, message);
    this.#pending += 1;
    this.stats.sent += 1;
    this.#clock.schedule(undefined, Math.max(0, delaySeconds) * 1000, () => this.#show(message));
    return id;
  }

  #show(message: QueuedMessage): void {
    if (message.state === 'deleted' || message.state === 'dead') return;
    if (message.receiveCount >= this.#settings.maxReceiveCount) {
      message.state = 'dead';
      this.dead.push(message);
      this.stats.deadLettered += 1;
      this.#pending -= 1;
      this.#byId.delete(message.id);
      return;
    }
    message.state = 'visible';
    this.#visible.push(message);
    this.onVisible?.();
  }

  /** Up to `max` visible messages, now in flight for the visibility timeout. */
  receive(max: number): QueuedMessage[] {
    const out: QueuedMessage[] = [];
    const now = this.#clock.now();
    while (out.length < max && this.#head < this.#visible.length) {
      const message = this.#visible[this.#head] as QueuedMessage;
      this.#head += 1;
      if (message.state !== 'visible') continue;
      message.state = 'in-flight';
      message.receiveCount += 1;
      message.receipt += 1;
      if (message.receiveCount > 1) this.stats.redelivered += 1;
      if (message.firstReceivedAt === undefined) {
        message.firstReceivedAt = now;
        this.stats.waits.push(now - message.sentAt);
      }
      this.stats.received += 1;
      const receipt = message.receipt;
      this.#clock.schedule(undefined, this.#settings.visibilityTimeoutSeconds * 1000, () => {
        if (message.state === 'in-flight' && message.receipt === receipt) this.#show(message);
      });
      out.push(message);
    }
    if (this.#head > 4096 && this.#head * 2 > this.#visible.length) {
      this.#visible.splice(0, this.#head);
      this.#head = 0;
    }
    return out;
  }

  delete(id: string): void {
    const message = this.#byId.get(id);
    if (message === undefined || message.state !== 'in-flight') return;
    message.state = 'deleted';
    this.#byId.delete(id);
    this.#pending -= 1;
    this.stats.deleted += 1;
  }
}

/** A function as its packaged template configures it. */
export interface FunctionSettings {
  name: string;
  timeoutMs: number;
  memoryMb: number;
  /** Module init of a cold container, ms (measured by `npm run bench`'s cold-start figures). */
  initMs: number;
}

/** The simulated handler of one container. */
export type SimulatedHandler = (event: unknown, context: Context) => Promise<unknown>;

/** One invocation, as CloudWatch's REPORT line would tell it, and a little more. */
export interface InvocationRecord {
  function: string;
  container: number;
  cold: boolean;
  requestedAt: number;
  startedAt: number;
  finishedAt: number;
  durationMs: number;
  /** What Lambda bills: the init of a cold start, then the duration, rounded up to the ms. */
  billedMs: number;
  timedOut: boolean;
  error?: string;
  messages: number;
  /** Real CPU ms of its code on this machine (unscaled). */
  cpuMs: number;
  calls: number;
  throttled: number;
}

interface Container {
  id: number;
  owner: CpuOwner;
  handler: SimulatedHandler | undefined;
  current: InvocationRecord | undefined;
  lastUsedAt: number;
}

/** Lambda's CPU share: 1,769 MB is one vCPU (Lambda developer guide, "Configuring memory"). */
export function cpuScaleOf(memoryMb: number): number {
  return Math.max(1, 1769 / memoryMb);
}

/**
 * A function: containers created on demand (cold), reused when idle (warm), killed at the
 * timeout. `createHandler` is the module init of a container.
 */
export class SimulatedFunction {
  readonly settings: FunctionSettings;
  readonly invocations: InvocationRecord[] = [];
  readonly #clock: VirtualClock;
  readonly #createHandler: (owner: CpuOwner) => SimulatedHandler;
  readonly #idle: Container[] = [];
  readonly #byOwner = new Map<CpuOwner, Container>();
  #containers = 0;
  active = 0;
  peakActive = 0;
  /** Idle containers are reclaimed after this long (Lambda does not publish it; minutes). */
  readonly idleReclaimMs = 10 * 60_000;

  constructor(
    clock: VirtualClock,
    settings: FunctionSettings,
    createHandler: (owner: CpuOwner) => SimulatedHandler,
  ) {
    this.#clock = clock;
    this.settings = settings;
    this.#createHandler = createHandler;
  }

  get containersCreated(): number {
    return this.#containers;
  }

  /** The invocation running on `owner`'s container, for per-invocation accounting. */
  invocationOf(owner: CpuOwner | undefined): InvocationRecord | undefined {
    return owner === undefined ? undefined : this.#byOwner.get(owner)?.current;
  }

  #container(): { container: Container; cold: boolean } {
    const now = this.#clock.now();
    while (this.#idle.length > 0) {
      const warm = this.#idle.pop() as Container;
      if (now - warm.lastUsedAt <= this.idleReclaimMs) return { container: warm, cold: false };
      this.#byOwner.delete(warm.owner);
    }
    this.#containers += 1;
    const owner: CpuOwner = {
      name: `${this.settings.name}#${this.#containers}`,
      cpuScale: cpuScaleOf(this.settings.memoryMb),
      busyUntil: 0,
      cpuMs: 0,
      alive: true,
    };
    const container: Container = {
      id: this.#containers,
      owner,
      handler: undefined,
      current: undefined,
      lastUsedAt: now,
    };
    this.#byOwner.set(owner, container);
    return { container, cold: true };
  }

  /**
   * Invokes the function with `event`; `done` gets the handler's result (or `undefined` when
   * it failed or timed out) and the invocation's record.
   */
  invoke(
    event: unknown,
    messages: number,
    done: (result: unknown, record: InvocationRecord) => void,
  ): void {
    const { container, cold } = this.#container();
    const requestedAt = this.#clock.now();
    const record: InvocationRecord = {
      function: this.settings.name,
      container: container.id,
      cold,
      requestedAt,
      startedAt: requestedAt,
      finishedAt: requestedAt,
      durationMs: 0,
      billedMs: 0,
      timedOut: false,
      messages,
      cpuMs: 0,
      calls: 0,
      throttled: 0,
    };
    this.invocations.push(record);
    container.current = record;
    this.active += 1;
    this.peakActive = Math.max(this.peakActive, this.active);
    const { owner } = container;
    const cpuBefore = owner.cpuMs;
    let finished = false;
    const finish = (result: unknown, error?: string): void => {
      if (finished) return;
      finished = true;
      record.finishedAt = this.#clock.now();
      record.durationMs = record.finishedAt - record.startedAt;
      record.billedMs = Math.ceil(record.finishedAt - requestedAt);
      record.cpuMs = owner.cpuMs - cpuBefore;
      if (error !== undefined) record.error = error;
      this.active -= 1;
      container.current = undefined;
      container.lastUsedAt = record.finishedAt;
      if (owner.alive) this.#idle.push(container);
      else this.#byOwner.delete(owner);
      done(record.timedOut || error !== undefined ? undefined : result, record);
    };
    const start = (): void => {
      record.startedAt = this.#clock.now();
      const deadline = record.startedAt + this.settings.timeoutMs;
      this.#clock.schedule(undefined, this.settings.timeoutMs, () => {
        if (finished) return;
        // Lambda stops the runtime at the timeout: the container's work never resumes.
        record.timedOut = true;
        owner.alive = false;
        finish(
          undefined,
          `Task timed out after ${(this.settings.timeoutMs / 1000).toFixed(2)} seconds`,
        );
      });
      const context = lambdaContext(this.settings, () => deadline - this.#clock.now());
      const handler = container.handler;
      if (handler === undefined) throw new Error('container without a handler');
      handler(event, context).then(
        // Completion is seen once the container's CPU is done with the slice that settled it.
        (result) => this.#clock.schedule(owner, 0, () => finish(result)),
        (error: unknown) =>
          this.#clock.schedule(owner, 0, () =>
            finish(
              undefined,
              error instanceof Error ? `${error.name}: ${error.message}` : String(error),
            ),
          ),
      );
    };
    if (cold) {
      // Module init: the fixed load time of the bundle, then building the container's clients
      // (real CPU, charged to the container).
      this.#clock.schedule(owner, this.settings.initMs, () => {
        container.handler = this.#createHandler(owner);
        this.#clock.schedule(owner, 0, start);
      });
    } else {
      this.#clock.schedule(owner, 0, start);
    }
  }
}

function lambdaContext(settings: FunctionSettings, remaining: () => number): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: settings.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${settings.name}`,
    memoryLimitInMB: String(settings.memoryMb),
    awsRequestId: '6f2b0a4e-1c39-4f0e-9d53-0b1f4a1c2d3e',
    logGroupName: `/aws/lambda/${settings.name}`,
    logStreamName: '2026/12/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(0, remaining()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The event source mapping's settings, from the packaged template. */
export interface EventSourceSettings {
  batchSize: number;
  /** `ScalingConfig.MaximumConcurrency`, when set. */
  maximumConcurrency: number | undefined;
  /** The function's reserved concurrency, when set. */
  reservedConcurrency: number | undefined;
  /** Unreserved concurrency of the account and region (default quota 1,000). */
  accountConcurrency: number;
  queueArn: string;
  region: string;
  /**
   * The part of the mapping this simulation runs (1: all of it). A shard of the organization
   * gets that share of every concurrency limit and of the pollers' scaling.
   */
  share: number;
}

/** What the event source did. */
export interface EventSourceStats {
  batches: number;
  /** Batches received but refused by Lambda (concurrency exhausted): back after the visibility timeout. */
  throttledBatches: number;
  /**
   * ReceiveMessage calls that found nothing, estimated as idle pollers × 20 s long polls; the
   * pollers are not scaled back down while the sweep lasts, so this is an upper bound.
   */
  emptyReceives: number;
  deleteBatches: number;
  peakPollers: number;
}

/** Lambda's SQS poller for one function. */
export class SqsEventSource {
  readonly stats: EventSourceStats = {
    batches: 0,
    throttledBatches: 0,
    emptyReceives: 0,
    deleteBatches: 0,
    peakPollers: 0,
  };
  readonly #clock: VirtualClock;
  readonly #queue: SimulatedQueue;
  readonly #fn: SimulatedFunction;
  readonly #settings: EventSourceSettings;
  #pollers = 0;
  #busy = 0;
  #ticking = false;
  #idleSeconds = 0;
  onBatchDone:
    | ((
        result: unknown,
        record: InvocationRecord,
        batch: ReadonlyArray<{ body: string; receiveCount: number }>,
      ) => void)
    | undefined;

  constructor(
    clock: VirtualClock,
    queue: SimulatedQueue,
    fn: SimulatedFunction,
    settings: EventSourceSettings,
  ) {
    this.#clock = clock;
    this.#queue = queue;
    this.#fn = fn;
    this.#settings = settings;
    queue.onVisible = () => this.#dispatch();
  }

  /** Most batches at once: the mapping's own cap (1,000), and `MaximumConcurrency`. */
  get #cap(): number {
    return Math.max(
      1,
      Math.round(Math.min(1000, this.#settings.maximumConcurrency ?? 1000) * this.#settings.share),
    );
  }

  /** Concurrency Lambda lets the function have. */
  get #concurrencyLimit(): number {
    const limit = this.#settings.reservedConcurrency ?? this.#settings.accountConcurrency;
    return Math.max(1, Math.round(limit * this.#settings.share));
  }

  /** Pollers added a second while there is work: 300 a minute, this simulation's share. */
  #rampUp = 0;

  #dispatch(): void {
    if (this.#pollers === 0 && this.#queue.visible > 0) {
      this.#pollers = Math.min(Math.max(1, Math.round(5 * this.#settings.share)), this.#cap);
      this.stats.peakPollers = Math.max(this.stats.peakPollers, this.#pollers);
    }
    this.#tick();
    while (this.#busy < this.#pollers && this.#queue.visible > 0) {
      const batch = this.#queue.receive(this.#settings.batchSize);
      if (batch.length === 0) break;
      this.stats.batches += 1;
      if (this.#fn.active >= this.#concurrencyLimit) {
        // The mapping does not count the function's concurrency: the batch is received, the
        // invocation throttled, and the messages come back after the visibility timeout.
        this.stats.throttledBatches += 1;
        continue;
      }
      this.#busy += 1;
      const ids = batch.map((m) => m.id);
      const event = {
        Records: batch.map((m) => ({
          messageId: m.id,
          receiptHandle: `AQEB${m.id}${m.receipt}`,
          body: m.body,
          attributes: {
            ApproximateReceiveCount: String(m.receiveCount),
            SentTimestamp: String(m.sentAt),
            SenderId: 'AROAEXAMPLEID:ecr-guard-sweep',
            ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
          },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: this.#settings.queueArn,
          awsRegion: this.#settings.region,
        })),
      };
      this.#fn.invoke(event, batch.length, (result, record) => {
        this.#busy -= 1;
        const failed = new Set(
          result === undefined
            ? ids
            : (
                (result as { batchItemFailures?: Array<{ itemIdentifier: string }> })
                  .batchItemFailures ?? []
              ).map((f) => f.itemIdentifier),
        );
        const deleted = ids.filter((id) => !failed.has(id));
        for (const id of deleted) this.#queue.delete(id);
        if (deleted.length > 0) this.stats.deleteBatches += 1;
        this.onBatchDone?.(result, record, batch);
        // The poller asks again at once (long polling answers as soon as messages are there).
        this.#clock.schedule(undefined, 0, () => this.#dispatch());
      });
    }
  }

  /** Once a second while there is work: scale the pollers up, count empty long polls. */
  #tick(): void {
    if (this.#ticking) return;
    this.#ticking = true;
    this.#clock.schedule(undefined, 1000, () => {
      this.#ticking = false;
      if (this.#queue.pending === 0 && this.#busy === 0) return;
      if (this.#queue.visible > 0 && this.#busy >= this.#pollers) {
        // Up to 300 more concurrent batches a minute.
        this.#rampUp += 5 * this.#settings.share;
        const added = Math.floor(this.#rampUp);
        this.#rampUp -= added;
        this.#pollers = Math.min(this.#cap, this.#pollers + added);
        this.stats.peakPollers = Math.max(this.stats.peakPollers, this.#pollers);
      }
      if (this.#queue.visible === 0) {
        this.#idleSeconds += this.#pollers - this.#busy;
        this.stats.emptyReceives = Math.ceil(this.#idleSeconds / 20);
      }
      this.#dispatch();
    });
  }
}
