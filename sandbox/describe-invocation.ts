/**
 * Says in plain words what a handler did: per repository and control what was remediated
 * and why, the alert published, the Slack post, the sweep enqueued and swept.
 *
 * @module
 */
import type { SQSBatchResponse } from 'aws-lambda';
import type { EnforceRepositoryResponse } from '#functions/enforce-repository.ts';
import type { NotifySlackResponse } from '#functions/notify-slack.ts';
import type { ReportFindingsResponse } from '#functions/report-findings.ts';
import type { SweepResponse } from '#functions/sweep.ts';
import type { Remediation } from '#lib/controls/index.ts';
import type { RepositoryReport } from '#lib/enforcement/index.ts';
import { isWriteOperation } from '../harness/aws-proxy.ts';
import type { Invocation } from './lambda-poller.ts';
import type { Styles } from './terminal.ts';

/** What one write does, in words. */
export function describeWrite(write: Remediation): string {
  switch (write.action) {
    case 'ecr:PutImageTagMutability':
      return `PutImageTagMutability ${write.imageTagMutability}${
        write.exclusionFilters.length > 0
          ? ` (${write.exclusionFilters.join(', ')} stays mutable)`
          : ''
      }`;
    case 'ecr:PutLifecyclePolicy': {
      let rules = 0;
      try {
        rules = (JSON.parse(write.lifecyclePolicyText) as { rules?: unknown[] }).rules?.length ?? 0;
      } catch {
        // the count is only for the reader
      }
      return `PutLifecyclePolicy (the standard policy, ${rules} rules)`;
    }
    case 'ecr:PutImageScanningConfiguration':
      return 'PutImageScanningConfiguration scanOnPush=true';
    case 'ecr:PutRegistryScanningConfiguration':
      return 'PutRegistryScanningConfiguration';
    case 'ecr:SetRepositoryPolicy':
      return 'SetRepositoryPolicy (the offending statements removed, the others kept)';
    case 'ecr:DeleteRepositoryPolicy':
      return 'DeleteRepositoryPolicy (every statement was offending)';
    case 'ecr:CreateRepositoryCreationTemplate':
      return `CreateRepositoryCreationTemplate ${write.prefix} (${write.appliedFor.join(', ')})`;
    case 'ecr:UpdateRepositoryCreationTemplate':
      return `UpdateRepositoryCreationTemplate ${write.prefix}`;
    case 'ecr:PutAccountSetting':
      return `PutAccountSetting ${write.name}=${write.value}`;
  }
}

/**
 * One repository's outcome: a line for the repository, one per control that was not simply
 * compliant (or one line saying all were), and the exemptions not applied.
 */
export function describeRepository(report: RepositoryReport, style: Styles): string[] {
  const team = report.team === undefined ? '' : ` (team ${report.team})`;
  const where = `${report.account} ${report.region} ${style.bold(report.repositoryName)}${team}`;
  if (report.outcome === 'skipped') return [`${where}: skipped, ${report.skipReason ?? ''}`];
  const lines = [where];
  const notCompliant = report.controls.filter((c) => c.status !== 'compliant');
  if (notCompliant.length === 0) {
    lines.push(
      `  ${style.green('✓')} ${report.controls.map((c) => c.control).join(', ')}: compliant, nothing written`,
    );
  }
  for (const control of notCompliant) {
    const reason = control.reason === undefined ? '' : `: ${control.reason}`;
    switch (control.status) {
      case 'remediated':
        lines.push(
          `  ${style.green('✓')} ${control.control} ${style.green('remediated')}${reason}`,
        );
        for (const write of control.writes)
          lines.push(style.dim(`      → ${describeWrite(write)}`));
        break;
      case 'planned':
        lines.push(`  ${style.yellow('•')} ${control.control} would be fixed${reason}`);
        for (const write of control.writes)
          lines.push(style.dim(`      → ${describeWrite(write)}`));
        break;
      case 'exempt':
        lines.push(`  ${style.cyan('~')} ${control.control} ${style.cyan('exempt')}${reason}`);
        break;
      case 'violation':
        lines.push(`  ${style.red('✗')} ${control.control} ${style.red('violation')}${reason}`);
        break;
    }
  }
  const compliant = report.controls.filter((c) => c.status === 'compliant');
  if (notCompliant.length > 0 && compliant.length > 0) {
    lines.push(`  ${style.green('✓')} ${compliant.map((c) => c.control).join(', ')}: compliant`);
  }
  for (const ignored of report.ignoredExemptions) {
    lines.push(`  ${style.yellow('!')} exemption not applied: ${ignored.reason}`);
  }
  return lines;
}

function enforceLines(response: EnforceRepositoryResponse, style: Styles): string[] {
  switch (response.outcome) {
    case 'enforced':
      return response.repositories.flatMap((r) => describeRepository(r, style));
    case 'ignored':
      return [`ignored: ${response.reason}`];
    default:
      return [`${response.outcome}: ${response.reason}`];
  }
}

function reportFindingsLines(response: ReportFindingsResponse): string[] {
  const fingerprint =
    'fingerprint' in response && response.fingerprint !== undefined
      ? ` (fingerprint ${response.fingerprint.replace(/^sha256:/, '').slice(0, 12)})`
      : '';
  switch (response.outcome) {
    case 'published':
      return [`published one alert for the image on the alerts topic${fingerprint}`];
    case 'duplicate':
      return [`already alerted with these findings${fingerprint}: nothing published`];
    default:
      return [`${response.outcome}${'reason' in response ? `: ${response.reason}` : ''}`];
  }
}

function slackLine(r: NotifySlackResponse['results'][number]): string {
  switch (r.outcome) {
    case 'delivered':
      return `posted to Slack: team ${r.team}, webhook "${r.route}" (${r.attempts} attempt${r.attempts === 1 ? '' : 's'})`;
    case 'duplicate':
      return `already posted to Slack: team ${r.team}, webhook "${r.route}" (not posted again)`;
    case 'unconfirmed':
      return `sent to webhook "${r.route}" and never answered: it may not have arrived (not posted again)`;
    case 'deferred':
      return `Slack rate-limits webhook "${r.route}": handed back, to be posted in ${Math.ceil(r.retryAfterMs / 1000)} s`;
    case 'rejected':
      return `Slack refused the alert of team ${r.team}: HTTP ${r.httpStatus} on webhook "${r.route}"${r.parked ? ' (kept in the on-failure queue)' : ''}`;
  }
}

function notifySlackLines(response: NotifySlackResponse): string[] {
  const lines = response.results.map(slackLine);
  if (response.rejected > 0) lines.push(`${response.rejected} record(s) were not alerts: dropped`);
  return lines;
}

function sweepLines(response: SweepResponse): string[] {
  if (response.outcome !== 'enqueued') return [`${response.outcome}: ${response.reason}`];
  return [
    `sweep ${response.runId.slice(0, 8)} enqueued ${response.messages} message(s), one per account and region${
      response.skippedAccounts > 0 ? ` (${response.skippedAccounts} account(s) skipped)` : ''
    }`,
  ];
}

/** The worker's EMF metrics records, one per (account, region) it swept. */
function sweepWorkerLines(invocation: Invocation, response: SQSBatchResponse): string[] {
  if (invocation.outcome.status !== 'succeeded') return [];
  const lines: string[] = [];
  for (const line of invocation.outcome.output) {
    if (!line.startsWith('{') || !line.includes('"_aws"')) continue;
    const m = JSON.parse(line) as Record<string, unknown>;
    lines.push(
      `swept ${String(m.account)} ${String(m.region)}: ${String(m.RepositoriesSeen)} repositories, ${String(
        m.RepositoriesRemediated,
      )} remediated, ${String(m.RepositoriesExempt)} exempt, ${String(
        m.RepositoriesNonCompliant,
      )} left non-compliant, ${String(m.RepositoriesFailed)} failed (${String(m.outcome)})`,
    );
  }
  const failures = response.batchItemFailures?.length ?? 0;
  lines.push(
    failures === 0
      ? 'every message of the batch succeeded: deleted from the queue'
      : `${failures} message(s) failed: left on the queue for a retry, then its DLQ`,
  );
  return lines;
}

/** Whether a call changes something (`isWriteOperation`, plus publishing and sending). */
function isWrite(call: string): boolean {
  return isWriteOperation(call) || /:(Publish|Send)/.test(call);
}

/**
 * The AWS calls of an invocation, reads and writes, named when there are few.
 *
 * @example
 * ```ts
 * describeCalls(['ecr:DescribeRepositories', 'ecr:GetLifecyclePolicy']);
 * // 'AWS calls: 2 reads (ecr:DescribeRepositories, ecr:GetLifecyclePolicy), no write'
 * ```
 */
export function describeCalls(calls: readonly string[]): string {
  const writes = calls.filter(isWrite);
  const reads = calls.filter((c) => !isWrite(c));
  const named = (list: readonly string[]): string => {
    const counts = new Map<string, number>();
    for (const call of list) counts.set(call, (counts.get(call) ?? 0) + 1);
    if (counts.size === 0 || counts.size > 6) return '';
    return ` (${[...counts].map(([call, n]) => (n === 1 ? call : `${call} ×${n}`)).join(', ')})`;
  };
  const readText = `${reads.length} read${reads.length === 1 ? '' : 's'}${named(reads)}`;
  const writeText =
    writes.length === 0
      ? 'no write'
      : `${writes.length} write${writes.length === 1 ? '' : 's'}${named(writes)}`;
  return `AWS calls: ${readText}, ${writeText}`;
}

/**
 * The lines describing an invocation's outcome.
 *
 * @example
 * ```ts
 * for (const line of describeOutcome(invocation, out.style)) out.line(line, 6);
 * ```
 */
export function describeOutcome(invocation: Invocation, style: Styles): string[] {
  const { outcome } = invocation;
  if (outcome.status === 'failed') {
    const destination = invocation.trigger.kind === 'sqs' ? 'the batch stays on the queue' : '';
    return [
      `${style.red('✗ failed:')} ${outcome.error.message}`,
      ...(destination ? [destination] : []),
    ];
  }
  const response = outcome.response;
  switch (invocation.function) {
    case 'enforce-repository':
      return enforceLines(response as EnforceRepositoryResponse, style);
    case 'report-findings':
      if (invocation.trigger.kind === 'sqs') {
        // A window of the finding queue: its messages are told by notify-slack's posts.
        const failures = (response as SQSBatchResponse).batchItemFailures?.length ?? 0;
        return [
          failures === 0
            ? 'the window is alerted: every record deleted from the queue'
            : `${failures} record(s) failed: left on the queue for a retry, then the on-failure queue`,
        ];
      }
      return reportFindingsLines(response as ReportFindingsResponse);
    case 'notify-slack':
      return notifySlackLines(response as NotifySlackResponse);
    case 'sweep':
      return sweepLines(response as SweepResponse);
    case 'sweep-worker':
      return sweepWorkerLines(invocation, response as SQSBatchResponse);
    default:
      return [JSON.stringify(response)];
  }
}
