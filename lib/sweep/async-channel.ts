/** A queue producers push to and one consumer reads with `for await`. */
export interface AsyncChannel<T> extends AsyncIterable<T> {
  /** Adds a value (never `undefined`); ignored once the channel is closed. */
  push(value: T): void;
  /** Ends the iteration once the values pushed so far are read. */
  close(): void;
  /** Ends the iteration with `error` once the values pushed so far are read. */
  fail(error: unknown): void;
  /** True once closed, failed, or the consumer stopped reading (`break`). */
  readonly closed: boolean;
}

/**
 * Streams results as they complete: workers push, the caller iterates. Unbounded: a sweep
 * holds one small report per repository anyway.
 *
 * @example
 * ```ts
 * const channel = createAsyncChannel<number>();
 * setTimeout(() => { channel.push(1); channel.close(); });
 * for await (const n of channel) console.log(n);
 * ```
 */
export function createAsyncChannel<T>(): AsyncChannel<T> {
  const buffer: T[] = [];
  let ended: { error?: unknown; failed: boolean } | undefined;
  let wake: (() => void) | undefined;

  function notify(): void {
    const w = wake;
    wake = undefined;
    w?.();
  }

  return {
    get closed() {
      return ended !== undefined;
    },
    push(value: T): void {
      if (ended !== undefined) return;
      buffer.push(value);
      notify();
    },
    close(): void {
      ended ??= { failed: false };
      notify();
    },
    fail(error: unknown): void {
      ended ??= { error, failed: true };
      notify();
    },
    async *[Symbol.asyncIterator](): AsyncIterator<T> {
      try {
        while (true) {
          const value = buffer.shift();
          if (value !== undefined) {
            yield value;
            continue;
          }
          if (ended !== undefined) {
            if (ended.failed) throw ended.error;
            return;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      } finally {
        // The consumer stopped (break, throw) or everything was read: producers stop pushing.
        ended ??= { failed: false };
      }
    },
  };
}
