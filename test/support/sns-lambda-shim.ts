/**
 * Stands in for Lambda's SNS trigger on the emulator: an HTTP endpoint to subscribe to a topic
 * (moto posts each notification to it while `Publish` runs) that answers at once and invokes a
 * handler with the SNS → Lambda event, in the background. Errors are kept, not thrown: a
 * failing invocation is what Lambda would retry.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lambdaContext } from '../../harness/lambda-context.ts';
import { snsLambdaEvent } from '../../harness/sns-lambda-event.ts';

export interface SnsLambdaShim<R> {
  /** The URL to subscribe (`Protocol: 'http'`). */
  readonly url: string;
  /** What each invocation returned, in order of completion. */
  readonly results: R[];
  /** What each failed invocation threw. */
  readonly errors: unknown[];
  /** The notifications received, as SNS posted them. */
  readonly notifications: Record<string, unknown>[];
  /** Resolves when every invocation started so far has settled. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

type Handler<R> = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<R>;

/**
 * Starts the shim on a free loopback port.
 *
 * @param handler - the function's handler, e.g. notify-slack's; read lazily so the module can
 *   be imported after the shim exists
 * @param functionName - for the Lambda context
 *
 * @example
 * ```ts
 * const shim = await startSnsLambdaShim(() => notifySlackHandler, 'ecr-guard-notify-slack');
 * await createAlertingResources(endpoint, region, { httpEndpoint: shim.url });
 * ```
 */
export async function startSnsLambdaShim<R>(
  handler: () => Handler<R>,
  functionName: string,
): Promise<SnsLambdaShim<R>> {
  const results: R[] = [];
  const errors: unknown[] = [];
  const notifications: Record<string, unknown>[] = [];
  const running = new Set<Promise<void>>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200);
      res.end('ok');
      const notification = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<
        string,
        unknown
      >;
      notifications.push(notification);
      // A subscription confirmation is not a notification: Lambda never sees it.
      if (notification.Type !== 'Notification') return;
      const invocation = handler()(snsLambdaEvent(notification), lambdaContext(functionName)).then(
        (result) => {
          results.push(result);
        },
        (error: unknown) => {
          errors.push(error);
        },
      );
      running.add(invocation);
      void invocation.finally(() => running.delete(invocation));
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sns`,
    results,
    errors,
    notifications,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
