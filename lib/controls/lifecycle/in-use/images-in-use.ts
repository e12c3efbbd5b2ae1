import { AwsAdapterError, AwsCallError } from '#lib/aws/errors.ts';
import { ImagesInUse, type InUseState, inUseWithin } from '#lib/lifecycle/index.ts';
import type { AnyRegistryFact, FactValue } from '../../fact.ts';
import type { InUseSourceName } from '../config.ts';
import { IN_USE_FACTS, type SourceUses } from './in-use-facts.ts';

export interface ImagesInUseOptions {
  /** `lifecycle.inUseSources`. */
  sources: readonly InUseSourceName[];
  /** `lifecycle.inUseWindowDays`: how recent an Amazon Inspector sighting must be. */
  windowDays: number;
  now: Date;
  /**
   * A failure that can pass (throttling, 5xx) is thrown, so the event or the sweep is tried
   * again, instead of making what runs unknown; default true.
   */
  throwRetryable?: boolean;
}

/** Reads a registry fact (through the engine's guard input, or a gateway). */
type ReadFact = <F extends AnyRegistryFact>(fact: F) => Promise<FactValue<F>>;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What is in use in the account and region, from the sources the standard names: every use
 * they report, Amazon Inspector's within the window; or, when a source cannot be read (a
 * denied call), why what is in use is unknown. A source that fails must not read as "nothing
 * runs there".
 *
 * @example
 * ```ts
 * const state = await readImagesInUse((fact) => gateway.readRegistryFact(fact), { sources: ['ecs'], windowDays: 30, now });
 * ```
 */
export async function readImagesInUse(
  read: ReadFact,
  options: ImagesInUseOptions,
): Promise<InUseState> {
  const known = new ImagesInUse();
  for (const source of options.sources) {
    let value: SourceUses;
    try {
      value = await read(IN_USE_FACTS[source]);
    } catch (error) {
      const retryable = error instanceof AwsCallError && error.retryable;
      if (retryable && options.throwRetryable !== false) throw error;
      if (!(error instanceof AwsAdapterError) && options.throwRetryable !== false) throw error;
      return { unknown: `${source} could not be read (${describe(error)})` };
    }
    for (const use of value.uses) {
      if (inUseWithin(use, options.windowDays, options.now)) known.add(use);
    }
  }
  return { known };
}

/**
 * The calls each source's read took, summed by IAM action, from the values read.
 *
 * @example
 * ```ts
 * inUseCalls([ecsValue, lambdaValue]); // { 'ecs:ListClusters': 1, 'lambda:ListFunctions': 1 }
 * ```
 */
export function inUseCalls(values: readonly SourceUses[]): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const value of values) {
    for (const [action, count] of Object.entries(value.calls)) {
      calls[action] = (calls[action] ?? 0) + count;
    }
  }
  return calls;
}
