/**
 * Posts a message to a Slack incoming webhook, with ecr-guard's retry policy: honour 429
 * `Retry-After` (bounded), back off on 5xx and network errors, and give up on other 4xx.
 *
 * @module
 */
import {
  type FetchFunction,
  IncomingWebhook,
  IncomingWebhookHTTPError,
  IncomingWebhookRequestError,
} from '@slack/webhook';
import { SlackDeliveryError, SlackError } from './errors.ts';
import { scrubWebhookUrls } from './scrub-webhook-urls.ts';
import type { SlackMessage } from './slack-message.ts';

/** How a post ended, when it did not throw. */
export type SlackPostOutcome =
  | { status: 'delivered'; attempts: number }
  /** Slack refused the message for good (4xx other than 429: revoked webhook, bad payload). */
  | { status: 'rejected'; httpStatus: number; body: string; attempts: number };

export interface SlackPostOptions {
  /** Attempts in all, the first included (default 4). */
  maxAttempts?: number;
  /**
   * Longest `Retry-After` waited for, in ms (default 10 s). Slack asking for longer ends the
   * attempts at once: Lambda's own retry comes back later, without paying for the wait.
   */
  maxRetryAfterMs?: number;
  /** First backoff after a 5xx or network error, doubled each time (default 500 ms). */
  backoffBaseMs?: number;
  /** Longest backoff (default 4 s). */
  backoffMaxMs?: number;
  /** Per-request timeout (default 5 s). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): jitters the backoff (default `Math.random`). */
  random?: () => number;
  /** The HTTP client (default the global `fetch`). */
  fetch?: FetchFunction;
  now?: () => number;
}

const DEFAULTS = {
  maxAttempts: 4,
  maxRetryAfterMs: 10_000,
  backoffBaseMs: 500,
  backoffMaxMs: 4_000,
  timeoutMs: 5_000,
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  fetch: ((url, init) => globalThis.fetch(url, init)) as FetchFunction,
  now: Date.now,
} satisfies Required<SlackPostOptions>;

type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/** What one attempt gave. */
type Attempt =
  | { kind: 'delivered' }
  | { kind: 'rejected'; status: number; body: string }
  | { kind: 'rate-limited'; retryAfterMs: number | undefined }
  | { kind: 'transient'; status: number | undefined; reason: string };
type RetryableAttempt = Extract<Attempt, { kind: 'rate-limited' | 'transient' }>;

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP date.
 *
 * @returns the wait in ms, or `undefined` when absent or unreadable
 *
 * @example
 * ```ts
 * parseRetryAfter('1', Date.now()); // 1000
 * ```
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Posts `message` to the webhook `url`.
 *
 * 1. Send it (through `@slack/webhook`, its own retries off).
 * 2. 2xx: delivered. 4xx other than 429: rejected, returned (not retried: it cannot pass).
 * 3. 429: wait `Retry-After` (at most `maxRetryAfterMs`; longer ends the attempts), retry.
 * 4. 5xx or no answer: wait an exponential, jittered backoff, retry.
 * 5. Attempts exhausted: throw {@link SlackDeliveryError}, for Lambda to retry later.
 *
 * @param url - the webhook URL (a secret: never logged, scrubbed from every error)
 * @param message - the message
 * @param route - the route's name, for errors
 * @param options - retry policy, clock and HTTP client
 * @returns delivered, or rejected with Slack's status and (scrubbed) answer
 * @throws SlackDeliveryError after the last attempt
 *
 * @example
 * ```ts
 * const outcome = await postToSlack(url, renderSlackMessage(alert), 'payments');
 * if (outcome.status === 'rejected') logger.error('webhook refused the alert', { httpStatus: outcome.httpStatus });
 * ```
 */
export async function postToSlack(
  url: string,
  message: SlackMessage,
  route: string,
  options: SlackPostOptions = {},
): Promise<SlackPostOutcome> {
  const settings = { ...DEFAULTS, ...options };
  const scrub = (text: string): string => scrubWebhookUrls(text, [url]);
  let last: RetryableAttempt = { kind: 'transient', status: undefined, reason: 'not sent' };
  for (let attempt = 1; attempt <= settings.maxAttempts; attempt += 1) {
    const result = await sendOnce(url, message, settings, scrub);
    if (result.kind === 'delivered') return { status: 'delivered', attempts: attempt };
    if (result.kind === 'rejected') {
      return {
        status: 'rejected',
        httpStatus: result.status,
        body: result.body,
        attempts: attempt,
      };
    }
    last = result;
    if (attempt === settings.maxAttempts) break;
    if (last.kind === 'rate-limited') {
      const wait = last.retryAfterMs ?? backoff(attempt, settings);
      if (wait > settings.maxRetryAfterMs) {
        throw new SlackDeliveryError({
          route,
          attempts: attempt,
          httpStatus: 429,
          reason: `rate limited, Slack asks to wait ${Math.ceil(wait / 1000)} s (more than ${settings.maxRetryAfterMs / 1000} s)`,
        });
      }
      await settings.sleep(wait);
    } else {
      await settings.sleep(backoff(attempt, settings));
    }
  }
  throw new SlackDeliveryError({
    route,
    attempts: settings.maxAttempts,
    httpStatus: last.kind === 'rate-limited' ? 429 : last.status,
    reason: last.kind === 'rate-limited' ? 'rate limited (HTTP 429)' : last.reason,
  });
}

/** Exponential backoff with "equal jitter": half fixed, half random. */
function backoff(attempt: number, settings: typeof DEFAULTS): number {
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * settings.random());
}

async function sendOnce(
  url: string,
  message: SlackMessage,
  settings: typeof DEFAULTS,
  scrub: (text: string) => string,
): Promise<Attempt> {
  // @slack/webhook's HTTP error carries no headers: the response is kept here for Retry-After.
  let response: FetchResponse | undefined;
  const fetch: FetchFunction = async (target, init) => {
    response = await settings.fetch(target, init);
    return response;
  };
  const webhook = new IncomingWebhook(url, {
    fetch,
    timeout: settings.timeoutMs,
    retryConfig: { retries: 0 },
  });
  try {
    await webhook.send(message);
    return { kind: 'delivered' };
  } catch (error) {
    if (error instanceof IncomingWebhookHTTPError) {
      const status = error.statusCode;
      if (status === 429) {
        const header = response?.headers.get('retry-after');
        return { kind: 'rate-limited', retryAfterMs: parseRetryAfter(header, settings.now()) };
      }
      if (status >= 500) return { kind: 'transient', status, reason: `HTTP ${status}` };
      return { kind: 'rejected', status, body: scrub(String(error.body ?? '')).slice(0, 500) };
    }
    if (error instanceof IncomingWebhookRequestError) {
      // The network error may quote the URL: only its scrubbed message is kept.
      const cause = error.original instanceof Error ? error.original : undefined;
      const detail = cause?.cause instanceof Error ? `: ${cause.cause.message}` : '';
      return {
        kind: 'transient',
        status: undefined,
        reason: scrub(`${cause?.message ?? error.message}${detail}`),
      };
    }
    throw new SlackError(
      `posting to Slack failed: ${scrub(String(error instanceof Error ? error.message : error))}`,
    );
  }
}
