import type { Request } from '@middy/core';
import { describe, expect, it, vi } from 'vitest';
import { type ExpectedFailure, logFailures } from '#lib/handlers/log-failures-middleware.ts';
import { createLogger } from '#lib/observability/logger.ts';

class BusyError extends Error {}

function setup() {
  const logger = createLogger();
  const info = vi.fn();
  const warn = vi.fn();
  const error = vi.fn();
  Object.assign(logger, { info, warn, error });
  return { logger, info, warn, error };
}

/** What middy hands `onError`: only the error matters here. */
function failed(error: Error): Request {
  return { event: {}, context: {}, response: undefined, error, internal: {} } as unknown as Request;
}

describe('Function: logFailures', () => {
  it('logs an expected failure at info by default, with its own message', async () => {
    // Prepare
    const { logger, info, warn, error } = setup();
    const expected: ExpectedFailure[] = [
      { is: (e) => e instanceof BusyError, message: 'busy, the event will be retried' },
    ];

    // Act
    await logFailures({ logger, message: 'failed', expected }).onError?.(
      failed(new BusyError('repository payments-api is being remediated')),
    );

    // Assess
    expect(info).toHaveBeenCalledWith('busy, the event will be retried', {
      reason: 'repository payments-api is being remediated',
    });
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('logs an expected failure at warn when it says so', async () => {
    // Prepare
    const { logger, info, warn, error } = setup();
    const expected: ExpectedFailure[] = [
      { is: (e) => e instanceof BusyError, level: 'warn', message: 'stayed locked' },
    ];

    // Act
    await logFailures({ logger, message: 'failed', expected }).onError?.(
      failed(new BusyError('still after 20 s')),
    );

    // Assess
    expect(warn).toHaveBeenCalledWith('stayed locked', { reason: 'still after 20 s' });
    expect(info).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('logs any other failure at error, with the error', async () => {
    // Prepare
    const { logger, info, warn, error } = setup();
    const thrown = new Error('AccessDenied');

    // Act
    await logFailures({
      logger,
      message: 'enforcement failed, the event will be retried',
      expected: [{ is: (e) => e instanceof BusyError, level: 'warn', message: 'stayed locked' }],
    }).onError?.(failed(thrown));

    // Assess
    expect(error).toHaveBeenCalledWith('enforcement failed, the event will be retried', thrown);
    expect(info).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });
});
