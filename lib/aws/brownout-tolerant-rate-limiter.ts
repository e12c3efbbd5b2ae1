import { DefaultRateLimiter, isThrottlingError, type RateLimiter } from '@smithy/core/retry';

/** Outcomes remembered to tell a rate limit from a brownout. */
const WINDOW = 20;
/**
 * Share of the last {@link WINDOW} answers that must be throttles before one slows the
 * client: past a rate limit most answers are (the sweep sends several times the limit), under
 * a brownout of 10 % random throttles 10 of 20 come with probability 7·10⁻⁶.
 */
const RATE_LIMIT_SHARE = 0.5;
/**
 * How long a client counts as rate-limited after throttles last were most of its answers:
 * every throttle then slows it, as in the SDK's adaptive mode, while the SDK keeps it under
 * the limit (and its throttles rare). Measured by `npm run bench -- --scale-quick`: without
 * it the client climbed back to half its answers throttled each time (18,159 throttling
 * answers in the CI-sized organization).
 */
const RATE_LIMITED_MS = 60_000;

/** What the adaptive retry strategy hands its rate limiter: an error's info, or `{}` (success). */
interface Outcome {
  errorType?: string;
  error?: unknown;
}

function isThrottle(response: unknown): boolean {
  const outcome = response as Outcome | undefined;
  if (outcome?.errorType === 'THROTTLING') return true;
  const error = (outcome?.error ?? response) as Parameters<typeof isThrottlingError>[0];
  return typeof error === 'object' && error !== null && isThrottlingError(error);
}

/**
 * The adaptive retry's client-side rate limiter (the SDK's own, {@link DefaultRateLimiter}),
 * told about a throttle only when throttles are most of the recent answers (a rate limit),
 * and for a minute after.
 * The SDK's adaptive mode cuts the client's rate on every throttle and regains it slowly: a
 * brownout, a share of calls throttled at random whatever the rate, held a sweep of 40
 * repositories at 66 s where the same sweep one at a time unthrottled takes 11 s (the fault
 * suite's brownout test). Those scattered throttles are retried with the standard backoff
 * and the rate is kept; a real rate limit still engages the token bucket at once.
 *
 * One per client (per account and region): rate limits are per account.
 *
 * @example
 * ```ts
 * new AdaptiveRetryStrategy(6, { rateLimiter: new BrownoutTolerantRateLimiter() });
 * ```
 */
export class BrownoutTolerantRateLimiter implements RateLimiter {
  readonly #inner: RateLimiter;
  readonly #recent: boolean[] = [];
  #throttles = 0;
  /** When throttles last were most answers (epoch ms); none yet: `-Infinity`. */
  #limitedAt = Number.NEGATIVE_INFINITY;

  constructor(inner: RateLimiter = new DefaultRateLimiter()) {
    this.#inner = inner;
  }

  getSendToken(): Promise<void> {
    return this.#inner.getSendToken();
  }

  updateClientSendingRate(response: unknown): void {
    const throttled = isThrottle(response);
    this.#recent.push(throttled);
    if (throttled) this.#throttles += 1;
    if (this.#recent.length > WINDOW && this.#recent.shift() === true) this.#throttles -= 1;
    const now = Date.now();
    if (this.#throttles >= RATE_LIMIT_SHARE * WINDOW) this.#limitedAt = now;
    if (throttled && now - this.#limitedAt > RATE_LIMITED_MS) return;
    this.#inner.updateClientSendingRate(response);
  }
}
