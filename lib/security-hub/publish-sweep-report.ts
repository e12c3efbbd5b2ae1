import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AccountRegion } from '#lib/aws/index.ts';
import type { SweepReport } from '#lib/report/index.ts';
import { SecurityHubError } from './errors.ts';
import { describeSecurityHubResult, publishToSecurityHub } from './publish-to-security-hub.ts';
import { securityHubGateway } from './security-hub-gateway.ts';

/**
 * The scheduled sweep's import into Security Hub (`securityHub: true`): publishes one
 * target's report, logs what it came to, and throws when the import failed, so that the
 * target's message is retried by SQS (the import is idempotent: same ids, same findings).
 *
 * @throws {SecurityHubError} naming the target and the reason when the import failed.
 * @example
 * ```ts
 * await publishSweepReport(report, { hubFor: (t) => clients.client(SecurityHubClient, t), log });
 * ```
 */
export async function publishSweepReport(
  report: SweepReport,
  deps: {
    hubFor(target: AccountRegion): SecurityHubClient;
    log(line: string): void;
    now?: () => Date;
  },
): Promise<void> {
  const results = await publishToSecurityHub(report, {
    hubFor: (target) => securityHubGateway(deps.hubFor(target), target),
    now: deps.now ?? (() => new Date()),
  });
  for (const result of results) deps.log(describeSecurityHubResult(result));
  const failed = results.filter((r) => r.outcome === 'failed');
  if (failed.length > 0) {
    throw new SecurityHubError(failed.map((r) => describeSecurityHubResult(r)).join('; '));
  }
}
