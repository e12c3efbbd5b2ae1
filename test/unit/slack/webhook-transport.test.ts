import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  mayHaveBeenSent,
  WebhookTransportError,
  webhookTransport,
} from '#lib/slack/webhook-transport.ts';

/** A loopback server answering each request with `answer` (or never, when it does nothing). */
async function server(answer: (res: import('node:http').ServerResponse) => void): Promise<{
  url: string;
  close(): Promise<void>;
}> {
  const s: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(res));
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T0/B0/secret`,
    close: () => {
      s.closeAllConnections();
      return new Promise((resolve) => s.close(() => resolve()));
    },
  };
}

describe('Function: webhookTransport', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('posts and reads the answer', async () => {
    // Prepare
    const slack = await server((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    closers.push(slack.close);

    // Act
    const response = await webhookTransport(slack.url, { method: 'POST', body: '{}' });

    // Assess
    expect([response.ok, response.status, await response.text()]).toEqual([true, 200, 'ok']);
  });

  it('says a request to a closed port was never sent', async () => {
    // Prepare
    const slack = await server(() => undefined);
    await slack.close();

    // Act
    const error = await webhookTransport(slack.url, { method: 'POST', body: '{}' }).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(error).toBeInstanceOf(WebhookTransportError);
    expect(error).toMatchObject({ sent: false, code: 'ECONNREFUSED' });
    expect(mayHaveBeenSent(error)).toBe(false);
  });

  it('says a request that was sent and never answered may have arrived', async () => {
    // Prepare
    const slack = await server(() => undefined);
    closers.push(slack.close);

    // Act
    const error = await webhookTransport(slack.url, {
      method: 'POST',
      body: '{}',
      signal: AbortSignal.timeout(200),
    }).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'WebhookTransportError', sent: true });
    expect(mayHaveBeenSent(error)).toBe(true);
  });
});

describe('Function: mayHaveBeenSent', () => {
  it.each<[string, unknown, boolean]>([
    ['a refused connection', Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), false],
    [
      'a refused connection as a cause',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('x'), { code: 'ENOTFOUND' }),
      }),
      false,
    ],
    ['a reset connection', Object.assign(new Error('x'), { code: 'ECONNRESET' }), true],
    ['an error without a code', new TypeError('fetch failed'), true],
  ])('%s: %s', (_what, error, expected) => {
    expect(mayHaveBeenSent(error)).toBe(expected);
  });
});
