/**
 * Simulated time for the scale benchmark: `setTimeout`, `setInterval` and `Date` are replaced
 * by a virtual clock, so that a sweep in which waiting dominates (AWS latency, throttling
 * backoff, Lambda scaling) runs in minutes of real time, while the code between the waits
 * (the SDK, the sweep engine, the controls) runs for real and is measured.
 *
 * Each {@link CpuOwner} is a simulated Lambda container with one CPU: the real CPU time its
 * code takes (measured around each slice of work, the registry model's own share taken out)
 * is charged to it, scaled to the Lambda's share of a vCPU, and moves its clock on: timers it
 * sets start after that work, and its timers that fall due while it is busy wait for it.
 */

/** Who runs the code of a slice: a simulated container, or the simulated AWS itself. */
export interface CpuOwner {
  readonly name: string;
  /** Virtual ms per real CPU ms (1769 MB / the function's memory, Lambda's CPU share). */
  readonly cpuScale: number;
  /** Virtual time until which its CPU is busy. */
  busyUntil: number;
  /** Real CPU ms its code took, unscaled. */
  cpuMs: number;
  /** `false` once killed (a Lambda timeout): its pending work never runs. */
  alive: boolean;
}

interface Timer {
  at: number;
  seq: number;
  fn: (...args: unknown[]) => void;
  args: unknown[];
  owner: CpuOwner | undefined;
  cancelled: boolean;
  /** Re-armed after each run (setInterval), in ms. */
  repeat: number | undefined;
}

/** The object `setTimeout` returns, as far as code calls it. */
class VirtualTimeout {
  readonly #timer: Timer;
  readonly #id: number;

  constructor(timer: Timer) {
    this.#timer = timer;
    this.#id = timer.seq;
  }

  get timer(): Timer {
    return this.#timer;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  hasRef(): boolean {
    return true;
  }

  refresh(): this {
    return this;
  }

  [Symbol.toPrimitive](): number {
    return this.#id;
  }
}

/** A binary min-heap of timers by (at, seq). */
class TimerHeap {
  readonly #items: Timer[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(timer: Timer): void {
    const items = this.#items;
    items.push(timer);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as Timer;
      if (p.at < timer.at || (p.at === timer.at && p.seq < timer.seq)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = timer;
  }

  peek(): Timer | undefined {
    return this.#items[0];
  }

  pop(): Timer | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    const n = items.length;
    while (true) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      const l = items[left] as Timer;
      if (right < n) {
        const r = items[right] as Timer;
        if (r.at < l.at || (r.at === l.at && r.seq < l.seq)) child = right;
      }
      const c = items[child] as Timer;
      if (last.at < c.at || (last.at === c.at && last.seq < c.seq)) break;
      items[i] = c;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

export interface VirtualClockOptions {
  /** Virtual epoch ms the clock starts at. */
  start: number;
}

/** Real-time functions, kept before the globals are replaced. */
const real = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
  setImmediate: globalThis.setImmediate,
  Date: globalThis.Date,
};

/** CPU time of the process (user and system), ms: immune to other processes' load. */
function cpuMsNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Whether a real file, DNS or socket request is in flight. */
function realIoPending(): boolean {
  for (const resource of process.getActiveResourcesInfo()) {
    if (
      resource.startsWith('FSReq') ||
      resource.startsWith('FileHandle') ||
      resource === 'GetAddrInfoReqWrap'
    ) {
      return true;
    }
  }
  return false;
}

/**
 * The virtual clock and the loop that drives it.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ start: Date.parse('2026-12-01T03:00:00Z') });
 * const restore = clock.install();
 * try {
 *   clock.schedule(undefined, 0, () => startEverything());
 *   await clock.run({ done: () => finished });
 * } finally {
 *   restore();
 * }
 * ```
 */
export class VirtualClock {
  #now: number;
  #seq = 0;
  readonly #heap = new TimerHeap();
  /** The owner of the slice being run, `undefined` outside a slice or for the model's own. */
  #current: CpuOwner | undefined;
  #inSlice = false;
  /** Timers set during the slice being run: placed once its CPU time is known. */
  #created: Timer[] = [];
  /** Real ms spent in excluded code (the registry model) during the slice being run. */
  #excludedMs = 0;
  /** Slices run, and the real ms spent outside any owner's account (model, driver). */
  slices = 0;
  excludedMsTotal = 0;
  unownedMsTotal = 0;
  waitedMs = 0;
  ioWaitMs = 0;

  constructor(options: VirtualClockOptions) {
    this.#now = options.start;
  }

  /** Virtual epoch ms. */
  now(): number {
    return this.#now;
  }

  /** Whose code is running now (the owner of the current slice). */
  get current(): CpuOwner | undefined {
    return this.#current;
  }

  /** Runs `fn` (the registry model's code) without charging its CPU time to the slice's owner. */
  excluded<T>(fn: () => T): T {
    // Wall time: the model's work is tens of microseconds, too short to be preempted often,
    // and a system call on each side would cost more than the work itself.
    const started = performance.now();
    try {
      return fn();
    } finally {
      this.#excludedMs += performance.now() - started;
    }
  }

  /** Schedules `fn` after `delayMs` of virtual time, owned by `owner` (`undefined`: the model's). */
  schedule(owner: CpuOwner | undefined, delayMs: number, fn: () => void): void {
    this.#add(fn, [], delayMs, owner, undefined);
  }

  #add(
    fn: (...args: unknown[]) => void,
    args: unknown[],
    delayMs: number,
    owner: CpuOwner | undefined,
    repeat: number | undefined,
  ): Timer {
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    this.#seq += 1;
    const timer: Timer = {
      at: this.#now + delay,
      seq: this.#seq,
      fn,
      args,
      owner,
      cancelled: false,
      repeat,
    };
    if (this.#inSlice) this.#created.push(timer);
    else this.#heap.push(timer);
    return timer;
  }

  /**
   * Replaces the global timers and `Date` with this clock's; returns what puts them back.
   * `setImmediate`, `process.nextTick` and promises stay real: they are not waits.
   */
  install(): () => void {
    const clock = this;
    const g = globalThis as unknown as Record<string, unknown>;
    g.setTimeout = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      new VirtualTimeout(clock.#add(fn, args, ms ?? 0, clock.#current, undefined));
    g.setInterval = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      new VirtualTimeout(clock.#add(fn, args, ms ?? 0, clock.#current, Math.max(1, ms ?? 1)));
    const clear = (handle: unknown): void => {
      if (handle instanceof VirtualTimeout) handle.timer.cancelled = true;
    };
    g.clearTimeout = clear;
    g.clearInterval = clear;
    const RealDate = real.Date;
    g.Date = new Proxy(RealDate, {
      construct(target, args: unknown[], newTarget) {
        if (args.length === 0) return Reflect.construct(target, [clock.#now], newTarget);
        return Reflect.construct(target, args, newTarget);
      },
      apply() {
        return new RealDate(clock.#now).toString();
      },
      get(target, property, receiver) {
        if (property === 'now') return () => clock.#now;
        return Reflect.get(target, property, receiver);
      },
    });
    return () => {
      g.setTimeout = real.setTimeout;
      g.clearTimeout = real.clearTimeout;
      g.setInterval = real.setInterval;
      g.clearInterval = real.clearInterval;
      g.Date = real.Date;
    };
  }

  /**
   * Runs timers in virtual-time order until `done()` or none is left. After each timer, the
   * microtasks it set off run to completion (one real `setImmediate`), and the real CPU time
   * of that slice is charged to the timer's owner.
   *
   * @throws {Error} when nothing is scheduled but `done()` is still false (a deadlock), or
   * virtual time passes `limitMs` after the start.
   */
  async run(options: {
    done: () => boolean;
    limitMs: number;
    /** Called every 20,000 slices, e.g. to print progress. */
    onProgress?: () => void;
  }): Promise<void> {
    const limit = this.#now + options.limitMs;
    let idleSpins = 0;
    let reported = -1;
    while (!options.done()) {
      if (this.slices % 20_000 === 0 && this.slices !== reported) {
        reported = this.slices;
        options.onProgress?.();
      }
      const timer = this.#heap.pop();
      if (timer === undefined) {
        // Real I/O (a file the SDK reads once) may still be pending: give it real time.
        idleSpins += 1;
        if (idleSpins > 2000) {
          throw new Error('the simulation is stuck: nothing is scheduled and it is not done');
        }
        const t0 = performance.now();
        await new Promise<void>((resolve) => real.setTimeout(resolve, 1));
        this.waitedMs += performance.now() - t0;
        continue;
      }
      idleSpins = 0;
      // Real I/O in flight (the SDK reading its configuration files once): virtual time
      // must not run ahead of it, or a few real milliseconds would pass as hours.
      const t1 = performance.now();
      while (realIoPending()) await new Promise<void>((resolve) => real.setImmediate(resolve));
      this.ioWaitMs += performance.now() - t1;
      if (timer.cancelled) continue;
      const owner = timer.owner;
      if (owner !== undefined && !owner.alive) continue;
      if (owner !== undefined && owner.busyUntil > timer.at) {
        timer.at = owner.busyUntil;
        this.#heap.push(timer);
        continue;
      }
      if (timer.at - this.#now > 1000) {
        // A long jump ahead: first let real asynchronous work (a module loaded on first use)
        // land, in case it sets an earlier timer.
        await new Promise<void>((resolve) => real.setTimeout(resolve, 1));
        await new Promise<void>((resolve) => real.setImmediate(resolve));
        const earlier = this.#heap.peek();
        if (earlier !== undefined && earlier.at < timer.at) {
          this.#heap.push(timer);
          continue;
        }
      }
      if (timer.at > this.#now) this.#now = timer.at;
      if (this.#now > limit) {
        throw new Error(
          `the simulation passed its limit of ${options.limitMs / 3_600_000} h of simulated time`,
        );
      }
      // Timers of one owner due within the same millisecond run in one slice, as Node runs
      // the expired timers of one millisecond in one pass (a herd of waiters wakes at once).
      const batch = [timer];
      let next = this.#heap.peek();
      while (next !== undefined && next.owner === owner && next.at - timer.at < 1) {
        this.#heap.pop();
        if (!next.cancelled) batch.push(next);
        next = this.#heap.peek();
      }
      await this.#slice(owner, batch);
    }
  }

  async #slice(owner: CpuOwner | undefined, batch: readonly Timer[]): Promise<void> {
    this.#current = owner;
    this.#inSlice = true;
    this.#created = [];
    this.#excludedMs = 0;
    const started = cpuMsNow();
    try {
      for (const timer of batch) timer.fn(...timer.args);
    } finally {
      // Every microtask the timer set off runs before a real immediate does.
      await new Promise<void>((resolve) => real.setImmediate(resolve));
      const spent = Math.max(0, cpuMsNow() - started - this.#excludedMs);
      this.slices += 1;
      this.excludedMsTotal += this.#excludedMs;
      let shift = 0;
      if (owner !== undefined) {
        owner.cpuMs += spent;
        shift = spent * owner.cpuScale;
        owner.busyUntil = this.#now + shift;
      } else {
        this.unownedMsTotal += spent;
      }
      this.#inSlice = false;
      this.#current = undefined;
      for (const timer of batch) {
        if (timer.repeat !== undefined && !timer.cancelled) {
          timer.at = this.#now + timer.repeat;
          this.#heap.push(timer);
        }
      }
      for (const created of this.#created) {
        if (created.owner === owner) created.at += shift;
        this.#heap.push(created);
      }
      this.#created = [];
    }
  }
}

/** Real time, for the benchmark's own progress and wall-time figures. */
export const realTime = {
  now: (): number => real.Date.now(),
  setTimeout: real.setTimeout,
};
