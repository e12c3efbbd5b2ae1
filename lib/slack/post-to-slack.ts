/**
 * Posts a message to a Slack incoming webhook, with ecr-guard's delivery policy: a 2xx
 * status is delivery; what may have arrived is never posted again; 429 `Retry-After` is
 * honoured when short, handed back when long; 5xx and connections never made are retried
 * with backoff; other 4xx are refusals; and the whole post fits in a time budget.
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
import { mayHaveBeenSent, webhookTransport } from './webhook-transport.ts';

/** How a post ended, when it did not throw. */
export type SlackPostOutcome =
  | { status: 'delivered'; attempts: number }
  /** Slack refused the message for good (4xx other than 429: revoked webhook, bad payload). */
  | { status: 'rejected'; httpStatus: number; body: string; attempts: number }
  /** Rate limited for longer than this post may wait: to be posted again after `retryAfterMs`. */
  | { status: 'rate-limited'; retryAfterMs: number; attempts: number }
  /**
   * The post was sent and not answered (a timeout, a connection lost): it may have reached
   * the channel, so it is not sent again.
   */
  | { status: 'unconfirmed'; reason: string; attempts: number };

export interface SlackPostOptions {
  /** Attempts in all, the first included (default 4). */
  maxAttempts?: number;
  /**
   * Longest `Retry-After` waited for, in ms (default 10 s). Slack asking for longer ends the
   * post with `rate-limited`, for the caller to hand the message back with that delay.
   */
  maxRetryAfterMs?: number;
  /** First backoff after a 5xx or a connection not made, doubled each time (default 500 ms). */
  backoffBaseMs?: number;
  /** Longest backoff (default 4 s). */
  backoffMaxMs?: number;
  /** Per-request timeout: the status and headers must arrive within it (default 5 s). */
  timeoutMs?: number;
  /**
   * The whole post, waits and attempts included, in ms (default 15 s): no attempt is started
   * that could end after it. Well within notify-slack's 60 s.
   */
  budgetMs?: number;
  /** How long the body of a refusal is read for its reason (default 1 s). */
  bodyReadMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): jitters the backoff (default `Math.random`). */
  random?: () => number;
  /** The HTTP client (default {@link webhookTransport}, which knows what was sent). */
  fetch?: FetchFunction;
  now?: () => number;
}

const DEFAULTS = {
  maxAttempts: 4,
  maxRetryAfterMs: 10_000,
  backoffBaseMs: 500,
  backoffMaxMs: 4_000,
  timeoutMs: 5_000,
  budgetMs: 15_000,
  bodyReadMs: 1_000,
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  fetch: webhookTransport,
  now: Date.now,
} satisfies Required<SlackPostOptions>;

type Settings = typeof DEFAULTS;
type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/** What one attempt gave. */
type Attempt =
  | { kind: 'delivered' }
  | { kind: 'rejected'; status: number; body: string }
  | { kind: 'rate-limited'; retryAfterMs: number | undefined }
  | { kind: 'transient'; status: number | undefined; reason: string }
  | { kind: 'unconfirmed'; reason: string };

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
 * 2. 2xx status: delivered (the body is not waited for). 4xx other than 429: rejected.
 * 3. Sent and not answered in time, or the connection lost: `unconfirmed`, never sent again.
 * 4. 429: wait `Retry-After` when it fits `maxRetryAfterMs` and the budget, else return
 *    `rate-limited` with the wait Slack asked for.
 * 5. 5xx, or a connection never made: wait an exponential, jittered backoff, retry.
 * 6. Attempts or budget exhausted: throw {@link SlackDeliveryError}, for a later retry.
 *
 * @param url - the webhook URL (a secret: never logged, scrubbed from every error)
 * @param message - the message
 * @param route - the route's name, for errors
 * @param options - delivery policy, clock and HTTP client
 * @returns delivered, rejected, rate-limited or unconfirmed
 * @throws SlackDeliveryError when Slack stayed unavailable (nothing may have arrived)
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
  const settings: Settings = { ...DEFAULTS, ...options };
  const scrub = (text: string): string => scrubWebhookUrls(text, [url]);
  const started = settings.now();
  const fits = (waitMs: number): boolean =>
    settings.now() - started + waitMs + settings.timeoutMs <= settings.budgetMs;
  let attempt = 0;
  for (;;) {
    attempt += 1;
    const result = await sendOnce(url, message, settings, scrub);
    switch (result.kind) {
      case 'delivered':
        return { status: 'delivered', attempts: attempt };
      case 'rejected':
        return {
          status: 'rejected',
          httpStatus: result.status,
          body: result.body,
          attempts: attempt,
        };
      case 'unconfirmed':
        return { status: 'unconfirmed', reason: result.reason, attempts: attempt };
      case 'rate-limited': {
        const wait = result.retryAfterMs ?? backoff(attempt, settings);
        if (wait > settings.maxRetryAfterMs || attempt >= settings.maxAttempts || !fits(wait)) {
          return { status: 'rate-limited', retryAfterMs: wait, attempts: attempt };
        }
        await settings.sleep(wait);
        break;
      }
      case 'transient': {
        const wait = backoff(attempt, settings);
        if (attempt >= settings.maxAttempts || !fits(wait)) {
          throw new SlackDeliveryError({
            route,
            attempts: attempt,
            httpStatus: result.status,
            reason:
              attempt >= settings.maxAttempts
                ? result.reason
                : `${result.reason} (no time left for another attempt)`,
          });
        }
        await settings.sleep(wait);
        break;
      }
    }
  }
}

/** Exponential backoff with "equal jitter": half fixed, half random. */
function backoff(attempt: number, settings: Settings): number {
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * settings.random());
}

/** Reads at most `ms` of a body: a refusal's reason is worth a second, not the post's time. */
async function boundedText(response: FetchResponse, ms: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      response.text(),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(''), ms);
      }),
    ]);
  } catch {
    return '';
  } finally {
    clearTimeout(timer);
  }
}

async function sendOnce(
  url: string,
  message: SlackMessage,
  settings: Settings,
  scrub: (text: string) => string,
): Promise<Attempt> {
  // The status decides, not the body: a 2xx answer is handed to @slack/webhook without its
  // body (which may never end), a refusal with what of it arrives within `bodyReadMs`. The
  // real response is kept for the headers (Retry-After) that @slack/webhook's error lacks.
  let response: FetchResponse | undefined;
  const fetch: FetchFunction = async (target, init) => {
    response = await settings.fetch(target, init);
    const text = response.ok ? '' : await boundedText(response, settings.bodyReadMs);
    return settled(response, text);
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
    if (response?.ok === true) return { kind: 'delivered' };
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
      const reason = scrub(`${cause?.message ?? error.message}${detail}`);
      return mayHaveBeenSent(cause ?? error)
        ? { kind: 'unconfirmed', reason }
        : { kind: 'transient', status: undefined, reason };
    }
    throw new SlackError(
      `posting to Slack failed: ${scrub(String(error instanceof Error ? error.message : error))}`,
    );
  }
}

/** The response with its body already read (`text`): nothing more is waited for. */
function settled(response: FetchResponse, text: string): FetchResponse {
  return {
    ok: response.ok,
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    headers: response.headers,
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
    arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
  };
}
