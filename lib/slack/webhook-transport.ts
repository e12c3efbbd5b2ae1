/**
 * The HTTP client ecr-guard posts to Slack with: a `fetch` for `@slack/webhook` on
 * `node:http(s)`, that says of a failed request whether it left this machine. A webhook post
 * has no idempotency key: a post that was sent and not answered may have reached the channel,
 * and is not sent again; a post that never left (no connection) is.
 *
 * @module
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { FetchFunction } from '@slack/webhook';

type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/** Network error codes of a connection that was never made: nothing was sent. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * A request failed. `sent` tells whether it had been written whole to the connection: if so,
 * the receiver may have acted on it.
 */
export class WebhookTransportError extends Error {
  readonly sent: boolean;
  readonly code: string | undefined;

  constructor(
    message: string,
    details: { sent: boolean; code: string | undefined },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'WebhookTransportError';
    this.sent = details.sent;
    this.code = details.code;
  }
}

/**
 * Whether a failed request may have reached the receiver. Said by a
 * {@link WebhookTransportError}; for any other error (another `fetch`), only a network code
 * of a connection never made proves it did not.
 *
 * @example
 * ```ts
 * mayHaveBeenSent(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })); // false
 * ```
 */
export function mayHaveBeenSent(error: unknown): boolean {
  if (error instanceof WebhookTransportError) return error.sent;
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return false;
    e = e.cause;
  }
  return true;
}

const agents = {
  'http:': new HttpAgent({ keepAlive: true }),
  'https:': new HttpsAgent({ keepAlive: true }),
};

function responseOf(res: IncomingMessage, url: string): FetchResponse {
  let body: Promise<Buffer> | undefined;
  const read = (): Promise<Buffer> => {
    body ??= new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('end', () => resolve(Buffer.concat(chunks)));
      res.once('error', reject);
      res.once('close', () => {
        if (!res.complete) reject(new Error('the answer was cut off'));
      });
    });
    return body;
  };
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const status = res.statusCode ?? 0;
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: res.statusMessage ?? '',
    url,
    headers,
    text: async () => (await read()).toString('utf8'),
    json: async () => JSON.parse((await read()).toString('utf8')) as unknown,
    arrayBuffer: async () => {
      const buffer = await read();
      return buffer.buffer.slice(
        buffer.byteOffset,
        buffer.byteOffset + buffer.byteLength,
      ) as ArrayBuffer;
    },
  };
}

/**
 * Posts with `node:http` or `node:https` (kept-alive connections). Resolves when the status
 * and headers arrive; rejects with a {@link WebhookTransportError} that says whether the
 * request had been sent. The `signal` aborts it, the body read included.
 *
 * @example
 * ```ts
 * new IncomingWebhook(url, { fetch: webhookTransport, timeout: 5_000 });
 * ```
 */
export const webhookTransport: FetchFunction = (target, init = {}) =>
  new Promise<FetchResponse>((resolve, reject) => {
    const url = new URL(String(target));
    const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
    let sent = false;
    let answer: IncomingMessage | undefined;
    const fail = (error: unknown): void => {
      const cause = error instanceof Error ? error : new Error(String(error));
      const code = (cause as { code?: unknown }).code;
      const known = typeof code === 'string' ? code : undefined;
      reject(
        new WebhookTransportError(
          cause.message,
          {
            sent: sent && !(known !== undefined && NOT_SENT_CODES.has(known)),
            code: known,
          },
          { cause },
        ),
      );
    };
    const req = (protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      { method: init.method ?? 'POST', headers: init.headers, agent: agents[protocol] },
      (res) => {
        answer = res;
        resolve(responseOf(res, url.href));
      },
    );
    req.once('finish', () => {
      sent = true;
    });
    req.once('error', fail);
    const signal = init.signal;
    if (signal !== undefined) {
      if (signal.aborted) {
        req.destroy();
        fail(signal.reason);
        return;
      }
      signal.addEventListener(
        'abort',
        () => {
          // A complete answer has given its connection back for reuse: leave it alone. An
          // answer still coming (a body that stalls) is cut off with its connection.
          if (answer?.complete === true) return;
          const reason: unknown = signal.reason;
          req.destroy(reason instanceof Error ? reason : new Error('aborted'));
        },
        { once: true },
      );
    }
    req.end(typeof init.body === 'string' ? init.body : undefined);
  });
