import type { RateLimiter } from '@smithy/core/retry';
import { describe, expect, it, vi } from 'vitest';
import { BrownoutTolerantRateLimiter } from '#lib/aws/brownout-tolerant-rate-limiter.ts';

/** What the adaptive strategy hands the limiter for a throttled attempt, and for a success. */
const THROTTLED = { errorType: 'THROTTLING' };
const SUCCESS = {};

function recordingLimiter(): RateLimiter & { seen: unknown[] } {
  const seen: unknown[] = [];
  return {
    seen,
    getSendToken: () => Promise.resolve(),
    updateClientSendingRate: (response: unknown) => {
      seen.push(response);
    },
  };
}

describe('Class: BrownoutTolerantRateLimiter', () => {
  it('keeps the rate through scattered throttles (a brownout): they are only retried', () => {
    // Prepare: one throttle in ten answers, as under a 10 % brownout.
    const inner = recordingLimiter();
    const limiter = new BrownoutTolerantRateLimiter(inner);

    // Act
    for (let i = 0; i < 200; i += 1)
      limiter.updateClientSendingRate(i % 10 === 0 ? THROTTLED : SUCCESS);

    // Assess: every success goes on (it lets the SDK regain rate), no throttle does.
    expect(inner.seen).toHaveLength(180);
    expect(inner.seen).not.toContain(THROTTLED);
  });

  it('slows the client at once when throttles are most answers (a rate limit)', () => {
    // Prepare
    const inner = recordingLimiter();
    const limiter = new BrownoutTolerantRateLimiter(inner);
    for (let i = 0; i < 20; i += 1) limiter.updateClientSendingRate(SUCCESS);

    // Act: past the limit, throttles pile up; from the tenth in the last twenty on, each counts.
    for (let i = 0; i < 12; i += 1) limiter.updateClientSendingRate(THROTTLED);

    // Assess
    expect(inner.seen.filter((r) => r === THROTTLED)).toHaveLength(3);
  });

  it('keeps slowing the client on every throttle for a minute after a rate limit, then not', () => {
    // Prepare: a rate limit met at t = 0.
    vi.useFakeTimers({ now: 0 });
    const inner = recordingLimiter();
    const limiter = new BrownoutTolerantRateLimiter(inner);
    for (let i = 0; i < 10; i += 1) limiter.updateClientSendingRate(THROTTLED);
    for (let i = 0; i < 20; i += 1) limiter.updateClientSendingRate(SUCCESS);
    inner.seen.length = 0;

    // Act: a lone throttle 59 s later, another 61 s after the limit was last met.
    vi.setSystemTime(59_000);
    limiter.updateClientSendingRate(THROTTLED);
    vi.setSystemTime(61_000);
    limiter.updateClientSendingRate(THROTTLED);
    vi.useRealTimers();

    // Assess
    expect(inner.seen).toEqual([THROTTLED]);
  });

  it('recognises a throttling error itself, as the SDK classifies it', () => {
    // Prepare
    const inner = recordingLimiter();
    const limiter = new BrownoutTolerantRateLimiter(inner);
    const error = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });

    // Act
    for (let i = 0; i < 20; i += 1)
      limiter.updateClientSendingRate({ errorType: 'CLIENT_ERROR', error });

    // Assess: ten throttles in the window before the first is passed on.
    expect(inner.seen).toHaveLength(11);
  });

  it('hands out send tokens from the SDK limiter', async () => {
    // Prepare
    let asked = 0;
    const limiter = new BrownoutTolerantRateLimiter({
      getSendToken: async () => {
        asked += 1;
      },
      updateClientSendingRate: () => undefined,
    });

    // Act
    await limiter.getSendToken();

    // Assess
    expect(asked).toBe(1);
  });
});
