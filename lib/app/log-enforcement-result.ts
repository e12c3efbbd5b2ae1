import type { Logger } from '#lib/observability/logger.ts';
import type { EnforcementResult } from './handle-enforcement-event.ts';

/**
 * Writes one log line per repository and control that was not simply compliant, so that
 * every remediation, exemption and violation is visible with its reason.
 *
 * @example
 * ```ts
 * logEnforcementResult(logger, await handleEnforcementEvent(event, deps));
 * ```
 */
export function logEnforcementResult(logger: Logger, result: EnforcementResult): void {
  if (result.outcome === 'ignored') {
    logger.info('event ignored', { reason: result.reason });
    return;
  }
  if (result.outcome === 'replication-failed') {
    const { account, region, repositoryName, sourceAccount, sourceRegion } = result.event;
    logger.warn('replication failed', {
      account,
      region,
      repository: repositoryName,
      sourceAccount,
      sourceRegion,
      reason: result.reason,
    });
    return;
  }
  for (const registry of result.registry ?? []) {
    const where = { account: registry.account, region: registry.region };
    for (const control of registry.controls) {
      if (control.status === 'compliant') continue;
      const log =
        control.status === 'violation' || control.status === 'not-checked'
          ? logger.warn
          : logger.info;
      log.call(logger, `registry control ${control.status}`, {
        ...where,
        control: control.control,
        reason: control.reason,
        writes: control.writes.map((w) => w.action),
      });
    }
    const statuses = registry.controls.map((c) => `${c.control}=${c.status}`).join(' ');
    logger.info('registry evaluated', { ...where, controls: statuses });
  }
  for (const repository of result.repositories) {
    const where = {
      account: repository.account,
      region: repository.region,
      repository: repository.repositoryName,
      ...(repository.team === undefined ? {} : { team: repository.team }),
      ...(repository.scope === undefined ? {} : { scope: repository.scope }),
    };
    if (repository.outcome === 'skipped') {
      logger.info('repository skipped', { ...where, reason: repository.skipReason });
      continue;
    }
    for (const ignored of repository.ignoredExemptions) {
      logger.warn('exemption not applied', { ...where, reason: ignored.reason });
    }
    for (const control of repository.controls) {
      if (control.status === 'compliant') continue;
      const log =
        control.status === 'violation' || control.status === 'not-checked'
          ? logger.warn
          : logger.info;
      log.call(logger, `control ${control.status}`, {
        ...where,
        control: control.control,
        reason: control.reason,
        writes: control.writes.map((w) => w.action),
      });
    }
    const statuses = repository.controls.map((c) => `${c.control}=${c.status}`).join(' ');
    logger.info('repository evaluated', { ...where, controls: statuses });
  }
}
