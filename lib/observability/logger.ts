import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The service's logger. One per process; handlers add the event's account, region and
 * repository as persistent keys so that every line carries them.
 *
 * @example
 * ```ts
 * const logger = createLogger();
 * logger.appendKeys({ account: '123456789012' });
 * ```
 */
export function createLogger(): Logger {
  return new Logger({ serviceName: 'ecr-guard' });
}

export type { Logger };
