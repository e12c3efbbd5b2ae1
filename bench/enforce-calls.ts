/**
 * AWS calls per enforcement event, counted on the wire by the loopback proxy in front of
 * the emulator, through the real handler.
 */
import { startAwsProxy } from '../harness/aws-proxy.ts';
import { arrangeClient, createRepository, useAwsEnvironment } from '../harness/ecr-arrange.ts';
import { resetEmulator } from '../harness/emulator.ts';
import { loadEventFixture } from '../harness/fixtures.ts';
import { lambdaContext } from '../harness/lambda-context.ts';
import { type BenchFigure, figure } from './results.ts';

const PUSH = loadEventFixture('ecr-image-action-push-success.aws-docs.json');
const REGION = 'us-west-2';
const REPOSITORY = 'my-repository-name';

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

/**
 * Push on a non-compliant repository (cold container), then on the same, now compliant,
 * repository (warm), then on a compliant repository in a fresh container.
 *
 * @example
 * ```ts
 * const figures = await measureEnforceCalls(endpoint);
 * ```
 */
export async function measureEnforceCalls(endpoint: string): Promise<BenchFigure[]> {
  const proxy = await startAwsProxy({ target: endpoint });
  try {
    useAwsEnvironment(proxy.endpoint, REGION, {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    const { handler } = (await import('../functions/enforce-repository.ts')) as {
      handler: Handler;
    };
    const context = lambdaContext('ecr-guard-enforce-repository');
    await resetEmulator(endpoint);
    await createRepository(arrangeClient(endpoint, REGION), REPOSITORY);

    proxy.clear();
    await handler(PUSH, context);
    const nonCompliant = proxy.operations();
    proxy.clear();
    await handler(PUSH, context);
    const compliantWarm = proxy.operations();
    // A fresh module instance is a fresh container: no cached registry configuration.
    const freshUrl = new URL('../functions/enforce-repository.ts?container=2', import.meta.url);
    const fresh = (await import(freshUrl.href)) as { handler: Handler };
    proxy.clear();
    await fresh.handler(PUSH, context);
    const compliantCold = proxy.operations();

    const writes = (ops: string[]): number =>
      ops.filter((o) => /:(Put|Create|Delete|Update|Tag)/.test(o)).length;
    return [
      // No budget: docs/ARCHITECTURE.md (section 8) bounds the compliant case; here each write is one that differs.
      {
        ...figure('push, non-compliant repository: calls', nonCompliant.length, 'calls'),
        note: nonCompliant.join(' '),
      },
      figure('push, non-compliant repository: writes', writes(nonCompliant), 'writes', {
        limit: 3,
      }),
      figure('push, compliant repository, cold container: calls', compliantCold.length, 'calls', {
        limit: 3,
        note: compliantCold.join(' '),
      }),
      figure('push, compliant repository, warm container: calls', compliantWarm.length, 'calls', {
        limit: 3,
        note: compliantWarm.join(' '),
      }),
      figure(
        'push, compliant repository: writes',
        writes(compliantWarm) + writes(compliantCold),
        'writes',
        { limit: 0 },
      ),
    ];
  } finally {
    await proxy.close();
  }
}
