/**
 * A local stand-in for Slack's incoming webhooks, on 127.0.0.1: records every post, checks
 * its blocks against Slack's published limits (on its own, not with the code under test), and
 * answers each path with a script of responses (e.g. 429 then 200, or 410 for good).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer: HTTP status, headers, body (Slack answers `ok`, `no_service`, …). */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /**
   * `response`: take the post and never answer; `body`: send the status and headers and a
   * first byte of the body, then never finish it. The connection stays open until `close()`.
   */
  stall?: 'response' | 'body';
}

/** A post as the receiver saw it. */
export interface ReceivedPost {
  path: string;
  /** `Date.now()` when the request arrived. */
  at: number;
  payload: unknown;
  /** Block Kit limits the payload breaks, checked independently of lib/slack. */
  violations: string[];
}

export interface SlackReceiver {
  /** Base URL, e.g. `http://127.0.0.1:41234`; webhooks are paths below it. */
  readonly url: string;
  readonly posts: ReceivedPost[];
  /** Answers posts to `path` with these responses in turn, then with the last one. */
  script(path: string, responses: ScriptedResponse[]): void;
  postsTo(path: string): ReceivedPost[];
  /** Resolves with the next post to `path` (or the one already there beyond `seen`). */
  nextPostTo(path: string, seen?: number): Promise<ReceivedPost>;
  clear(): void;
  close(): Promise<void>;
}

/** Slack's limits (api.slack.com/reference/block-kit/blocks), written out here on purpose. */
function violationsOf(payload: unknown): string[] {
  const problems: string[] = [];
  if (typeof payload !== 'object' || payload === null) return ['payload is not an object'];
  const { text, blocks } = payload as { text?: unknown; blocks?: unknown };
  if (typeof text !== 'string' || text === '') problems.push('no fallback text');
  if (!Array.isArray(blocks)) return [...problems, 'no blocks'];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks > 50`);
  const length = (value: unknown): number => (typeof value === 'string' ? value.length : 0);
  blocks.forEach((block: Record<string, unknown>, i) => {
    const textOf = (node: unknown): unknown => (node as { text?: unknown } | undefined)?.text;
    if (block.type === 'header' && length(textOf(block.text)) > 150) {
      problems.push(`blocks[${i}] header text > 150`);
    }
    if (block.type === 'section') {
      if (length(textOf(block.text)) > 3000) problems.push(`blocks[${i}] section text > 3000`);
      const fields = Array.isArray(block.fields) ? block.fields : [];
      if (fields.length > 10) problems.push(`blocks[${i}] ${fields.length} fields > 10`);
      for (const f of fields) {
        if (length(textOf(f)) > 2000) problems.push(`blocks[${i}] field text > 2000`);
      }
    }
    if (block.type === 'context') {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length > 10) problems.push(`blocks[${i}] ${elements.length} elements > 10`);
    }
    if (block.type === 'actions') {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length > 25) problems.push(`blocks[${i}] ${elements.length} elements > 25`);
      for (const e of elements as Record<string, unknown>[]) {
        if (length(textOf(e.text)) > 75) problems.push(`blocks[${i}] button text > 75`);
        if (length(e.url) > 3000) problems.push(`blocks[${i}] button url > 3000`);
      }
    }
  });
  return problems;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts the receiver on a free loopback port. Unscripted paths answer 200 `ok`.
 *
 * @example
 * ```ts
 * const slack = await startSlackReceiver();
 * slack.script('/rate-limited', [{ status: 429, headers: { 'retry-after': '1' } }, { status: 200, body: 'ok' }]);
 * ```
 */
export async function startSlackReceiver(): Promise<SlackReceiver> {
  const posts: ReceivedPost[] = [];
  const scripts = new Map<string, ScriptedResponse[]>();
  const waiters: { path: string; seen: number; resolve: (post: ReceivedPost) => void }[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      payload = body;
    }
    const post: ReceivedPost = { path, at: Date.now(), payload, violations: violationsOf(payload) };
    posts.push(post);
    const script = scripts.get(path) ?? [];
    const answer = (script.length > 1 ? script.shift() : script[0]) ?? { status: 200, body: 'ok' };
    if (answer.stall === 'body') {
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.write((answer.body ?? 'ok').slice(0, 1));
    } else if (answer.stall === undefined) {
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.body ?? (answer.status === 200 ? 'ok' : 'error'));
    }
    for (const waiter of [...waiters]) {
      const count = posts.filter((p) => p.path === waiter.path).length;
      if (waiter.path === path && count > waiter.seen) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(post);
      }
    }
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const postsTo = (path: string): ReceivedPost[] => posts.filter((p) => p.path === path);
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    script(path, responses) {
      scripts.set(path, [...responses]);
    },
    postsTo,
    nextPostTo(path, seen = postsTo(path).length) {
      const already = postsTo(path)[seen];
      if (already !== undefined) return Promise.resolve(already);
      return new Promise((resolve) => waiters.push({ path, seen, resolve }));
    },
    clear() {
      posts.length = 0;
      scripts.clear();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
