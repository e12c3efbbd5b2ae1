import type { Standard } from '#lib/standard/index.ts';
import type { ClientFactory } from '../client-factory.ts';
import { InUseCollector } from './in-use-collector.ts';

/**
 * The in-use collector a run builds from the standard (`lifecycle.inUseSources`,
 * `lifecycle.inUseWindowDays`), acting through the run's clients (the member role in other
 * accounts). One per run: what runs is read once per account and region.
 *
 * @example
 * ```ts
 * await handleEnforcementEvent(event, { clients, standard, inUse: inUseCollectorFor(clients, standard), … });
 * ```
 */
export function inUseCollectorFor(
  clients: Pick<ClientFactory, 'client'>,
  standard: Standard,
  now: () => Date = () => new Date(),
): InUseCollector {
  return new InUseCollector({
    clients,
    sources: standard.lifecycle.inUseSources,
    windowDays: standard.lifecycle.inUseWindowDays,
    now,
  });
}
