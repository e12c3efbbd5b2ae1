import type { AccountRegion } from '#lib/aws/client-factory.ts';
import { toAwsCallError } from '#lib/aws/translate-error.ts';

/**
 * The calls an in-use source makes in one account and region, counted by IAM action so a run
 * can quote what learning what runs cost; a failed call becomes an `AwsCallError` naming it.
 *
 * @example
 * ```ts
 * const log = new CallLog({ account, region });
 * const out = await log.call('ecs:ListClusters', () => ecs.send(new ListClustersCommand({})));
 * log.counts; // { 'ecs:ListClusters': 1 }
 * ```
 */
export class CallLog {
  readonly counts: Record<string, number> = {};
  readonly #target: AccountRegion;

  constructor(target: AccountRegion) {
    this.#target = target;
  }

  async call<T>(action: string, send: () => Promise<T>): Promise<T> {
    this.counts[action] = (this.counts[action] ?? 0) + 1;
    try {
      return await send();
    } catch (error) {
      throw toAwsCallError(error, { operation: action, ...this.#target });
    }
  }
}
