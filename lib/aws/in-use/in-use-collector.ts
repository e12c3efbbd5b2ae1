import {
  ImagesInUse,
  type ImageUse,
  type InUseSource,
  type InUseState,
} from '#lib/lifecycle/index.ts';
import type { InUseSourceName } from '#lib/standard/index.ts';
import type { AccountRegion, ClientFactory } from '../client-factory.ts';
import type { CallCounter } from './call-counter.ts';

export interface InUseCollectorOptions {
  clients: Pick<ClientFactory, 'client'>;
  /** `lifecycle.inUseSources`. */
  sources: readonly InUseSourceName[];
  /** `lifecycle.inUseWindowDays`. */
  windowDays: number;
  now: () => Date;
}

/** The IAM actions each source calls (the roles that run the protection need them). */
export const IN_USE_SOURCE_ACTIONS: Readonly<Record<InUseSourceName, readonly string[]>> = {
  ecs: [
    'ecs:DescribeServices',
    'ecs:DescribeTaskDefinition',
    'ecs:DescribeTasks',
    'ecs:ListClusters',
    'ecs:ListServices',
    'ecs:ListTasks',
  ],
  lambda: ['lambda:GetFunction', 'lambda:ListFunctions'],
  inspector: ['inspector2:ListFindings'],
};

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * The in-use sources behind one narrow interface, read once per account and region for the
 * life of the collector (one run: a CLI command, a sweep worker's batch, one event) and
 * counted per call. A source that fails makes the whole state unknown, with the failed call
 * named: a denied `ecs:ListClusters` must not read as "nothing runs".
 *
 * @example
 * ```ts
 * const inUse = new InUseCollector({ clients, sources: ['ecs', 'lambda'], windowDays: 30, now: () => new Date() });
 * const state = await inUse.imagesInUse({ account: '123456789012', region: 'eu-west-1' });
 * inUse.callsIn({ account: '123456789012', region: 'eu-west-1' }); // { 'ecs:ListClusters': 1, … }
 * ```
 */
export class InUseCollector implements InUseSource {
  readonly #options: InUseCollectorOptions;
  readonly #states = new Map<string, Promise<InUseState>>();
  readonly #calls = new Map<string, Record<string, number>>();

  constructor(options: InUseCollectorOptions) {
    this.#options = options;
  }

  imagesInUse(target: AccountRegion): Promise<InUseState> {
    const key = `${target.account}/${target.region}`;
    let state = this.#states.get(key);
    if (state === undefined) {
      state = this.#collect(target, key);
      this.#states.set(key, state);
    }
    return state;
  }

  /** The calls made in a target so far, by IAM action. */
  callsIn(target: AccountRegion): Record<string, number> {
    return { ...(this.#calls.get(`${target.account}/${target.region}`) ?? {}) };
  }

  async #collect(target: AccountRegion, key: string): Promise<InUseState> {
    const counts: Record<string, number> = {};
    this.#calls.set(key, counts);
    const count: CallCounter = (action) => {
      counts[action] = (counts[action] ?? 0) + 1;
    };
    const { clients, sources, windowDays, now } = this.#options;
    // The sources and their SDK clients load on first use: most runs never need them, and
    // three more clients at module init would slow every cold start.
    const readers: Record<InUseSourceName, () => Promise<ImageUse[]>> = {
      ecs: async () => {
        const [{ ECSClient }, { ecsImageUses }] = await Promise.all([
          import('@aws-sdk/client-ecs'),
          import('./ecs-image-uses.ts'),
        ]);
        return ecsImageUses(clients.client(ECSClient, target), target, count);
      },
      lambda: async () => {
        const [{ LambdaClient }, { lambdaImageUses }] = await Promise.all([
          import('@aws-sdk/client-lambda'),
          import('./lambda-image-uses.ts'),
        ]);
        return lambdaImageUses(clients.client(LambdaClient, target), target, count);
      },
      inspector: async () => {
        const [{ Inspector2Client }, { inspectorImageUses }] = await Promise.all([
          import('@aws-sdk/client-inspector2'),
          import('./inspector-image-uses.ts'),
        ]);
        return inspectorImageUses(
          clients.client(Inspector2Client, target),
          target,
          { windowDays, now: now() },
          count,
        );
      },
    };
    const inUse = new ImagesInUse();
    for (const source of sources) {
      try {
        for (const use of await readers[source]()) inUse.add(use);
      } catch (error) {
        return {
          unknown: `${source} in ${key} could not be read (${describe(error)})`,
        };
      }
    }
    return { known: inUse };
  }
}
