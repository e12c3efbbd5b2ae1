import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { AccountRegion } from '#lib/aws/index.ts';
import type { SweepReport } from '#lib/report/index.ts';
import { describeFailure } from '#lib/sweep/describe-failure.ts';
import { asffFindings } from './asff-findings.ts';
import type { SecurityHubGateway } from './security-hub-gateway.ts';

/** What one account and region of a report came to in Security Hub. */
export interface SecurityHubTargetResult extends AccountRegion {
  /** `published`; `skipped` (the account/region was not read: left as it is); `failed`. */
  outcome: 'published' | 'skipped' | 'failed';
  reason?: string;
  /** Findings imported, by `Compliance.Status`. */
  passed: number;
  failed: number;
  notAvailable: number;
  /** Findings of repositories that no longer exist, archived. */
  archived: number;
}

export interface PublishToSecurityHubDeps {
  /** Security Hub acting in a target (with that account's credentials: findings must be imported by their own account). */
  hubFor(target: AccountRegion): SecurityHubGateway;
  now: () => Date;
}

function archivedCopy(finding: AwsSecurityFinding, now: string): AwsSecurityFinding {
  // The required fields, as Security Hub holds them, with the new record state: an update
  // must not touch what belongs to the customer's workflow (Workflow, Note, …).
  return {
    SchemaVersion: finding.SchemaVersion,
    Id: finding.Id,
    ProductArn: finding.ProductArn,
    GeneratorId: finding.GeneratorId,
    AwsAccountId: finding.AwsAccountId,
    ...(finding.Region === undefined ? {} : { Region: finding.Region }),
    Types: finding.Types,
    CreatedAt: finding.CreatedAt,
    UpdatedAt: now,
    Severity: finding.Severity,
    Title: finding.Title,
    Description: finding.Description,
    Resources: finding.Resources,
    ...(finding.Compliance === undefined ? {} : { Compliance: finding.Compliance }),
    RecordState: 'ARCHIVED',
  };
}

async function publishTarget(
  target: AccountRegion,
  findings: AwsSecurityFinding[],
  deps: PublishToSecurityHubDeps,
): Promise<SecurityHubTargetResult> {
  const result: SecurityHubTargetResult = {
    ...target,
    outcome: 'published',
    passed: 0,
    failed: 0,
    notAvailable: 0,
    archived: 0,
  };
  const hub = deps.hubFor(target);
  const now = deps.now().toISOString();
  try {
    const existing = new Map((await hub.activeFindings()).map((f) => [f.Id ?? '', f]));
    // A re-run updates the same finding: it keeps the time the issue was first seen.
    const current = findings.map((f) => {
      const createdAt = existing.get(f.Id ?? '')?.CreatedAt;
      return createdAt === undefined ? f : { ...f, CreatedAt: createdAt };
    });
    const ids = new Set(current.map((f) => f.Id));
    // Every repository of the target was listed: a finding this run did not produce is of a
    // repository (or a control) that no longer exists.
    const gone = [...existing.values()].filter((f) => !ids.has(f.Id));
    await hub.importFindings([...current, ...gone.map((f) => archivedCopy(f, now))]);
    for (const f of current) {
      const status = f.Compliance?.Status;
      if (status === 'PASSED') result.passed += 1;
      else if (status === 'FAILED') result.failed += 1;
      else result.notAvailable += 1;
    }
    result.archived = gone.length;
  } catch (error) {
    return { ...result, outcome: 'failed', reason: describeFailure(error).reason };
  }
  return result;
}

/**
 * Imports a report into Security Hub, per account and region, with that account's
 * credentials (Security Hub takes findings only from the account they belong to).
 *
 * Primary course, per account and region read in full:
 * 1. read ecr-guard's ACTIVE findings there;
 * 2. import one finding per repository and control (same `Id` as before, so it is updated,
 *    keeping its `CreatedAt`), in batches of at most 100;
 * 3. archive (`RecordState: ARCHIVED`) the findings no result of this run matches: their
 *    repository no longer exists.
 * An account/region that could not be read is skipped: nothing there is archived or
 * changed on a guess. One target failing does not stop the others.
 *
 * @example
 * ```ts
 * const results = await publishToSecurityHub(report, {
 *   hubFor: (t) => securityHubGateway(clients.client(SecurityHubClient, t), t),
 *   now: () => new Date(),
 * });
 * ```
 */
export async function publishToSecurityHub(
  report: SweepReport,
  deps: PublishToSecurityHubDeps,
): Promise<SecurityHubTargetResult[]> {
  // Grouped once by account and region: each target takes its own, not a pass over all.
  const byTarget = new Map<string, ReturnType<typeof asffFindings>>();
  for (const finding of asffFindings(report, deps.now())) {
    const key = `${finding.AwsAccountId}/${finding.Region}`;
    const own = byTarget.get(key);
    if (own === undefined) byTarget.set(key, [finding]);
    else own.push(finding);
  }
  const results: SecurityHubTargetResult[] = [];
  for (const target of report.targets) {
    if (target.status !== 'ok') {
      results.push({
        account: target.account,
        region: target.region,
        outcome: 'skipped',
        reason: `not read: ${target.reason ?? 'failed'}`,
        passed: 0,
        failed: 0,
        notAvailable: 0,
        archived: 0,
      });
      continue;
    }
    const own = byTarget.get(`${target.account}/${target.region}`) ?? [];
    results.push(
      await publishTarget({ account: target.account, region: target.region }, own, deps),
    );
  }
  return results;
}

/**
 * One line per target, for a terminal or a log.
 *
 * @example
 * ```ts
 * describeSecurityHubResult(result);
 * // '123456789012/us-east-1: 18 findings imported (12 PASSED, 6 FAILED, 0 NOT_AVAILABLE), 1 archived'
 * ```
 */
export function describeSecurityHubResult(result: SecurityHubTargetResult): string {
  const where = `${result.account}/${result.region}`;
  if (result.outcome !== 'published') return `${where}: ${result.outcome}, ${result.reason ?? ''}`;
  const total = result.passed + result.failed + result.notAvailable;
  return `${where}: ${total} findings imported (${result.passed} PASSED, ${result.failed} FAILED, ${result.notAvailable} NOT_AVAILABLE), ${result.archived} archived`;
}
