import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '#lib/observability/logger.ts';

/** An error a handler throws on purpose, logged with its own message (at `info` by default). */
export interface ExpectedFailure {
  is(error: unknown): boolean;
  message: string;
  /** `warn` for what is expected but worth a look; default `info`. */
  level?: 'info' | 'warn';
}

export interface LogFailuresOptions {
  logger: Logger;
  /** Logged at `error` with the error, e.g. 'enforcement failed, the event will be retried'. */
  message: string;
  expected?: readonly ExpectedFailure[];
}

/**
 * Logs a failed invocation once, and lets the error through: Lambda retries the event, then
 * puts it in the function's on-failure destination. Expected failures (a repository another
 * invocation kept locked) are logged at their level (`info` by default), the rest at `error`
 * with the stack.
 *
 * @example
 * ```ts
 * middy().use(logFailures({ logger, message: 'enforcement failed, the event will be retried' }));
 * ```
 */
export function logFailures(options: LogFailuresOptions): MiddlewareObj<unknown, unknown> {
  return {
    onError(request) {
      const { error } = request;
      const expected = options.expected?.find((e) => e.is(error));
      if (expected !== undefined) {
        const log = expected.level === 'warn' ? options.logger.warn : options.logger.info;
        log.call(options.logger, expected.message, {
          reason: error instanceof Error ? error.message : String(error),
        });
      } else {
        options.logger.error(options.message, error as Error);
      }
      // No response set: middy rethrows the error.
    },
  };
}
