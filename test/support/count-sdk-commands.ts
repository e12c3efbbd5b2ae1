/**
 * Counts the AWS SDK commands a piece of code sends, with a middleware on every client a
 * client factory hands out (the `initialize` step runs once per command, retries excluded).
 */
import type { AccountRegion, ClientFactory, SdkClientClass } from '#lib/aws/index.ts';

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

export interface CommandCounter {
  /** The factory to hand to the code under test. */
  clients: ClientFactory;
  /** `ECRClient:DescribeImageScanFindingsCommand`, … in the order sent. */
  readonly commands: string[];
  clear(): void;
}

/**
 * Wraps a client factory so that every command its clients send is recorded.
 *
 * @example
 * ```ts
 * const counter = countSdkCommands(createClientFactory());
 * await reportFindings(event, createReportFindingsDeps({ clients: counter.clients, … }));
 * expect(counter.commands).toHaveLength(4);
 * ```
 */
export function countSdkCommands(inner: ClientFactory): CommandCounter {
  const commands: string[] = [];
  const instrumented = new WeakSet<object>();
  const instrument = <T>(client: T): T => {
    const target = client as unknown as MiddlewareClient & object;
    if (!instrumented.has(target)) {
      instrumented.add(target);
      target.middlewareStack.add(
        (next, context) => async (args) => {
          commands.push(`${context.clientName ?? '?'}:${context.commandName ?? '?'}`);
          return next(args);
        },
        { step: 'initialize', name: 'ecrGuardTestCommandCounter' },
      );
    }
    return client;
  };
  const clients: ClientFactory = {
    client<T>(clientClass: SdkClientClass<T>, target: AccountRegion): T {
      return instrument(inner.client(clientClass, target));
    },
  };
  return {
    clients,
    commands,
    clear() {
      commands.length = 0;
    },
  };
}
