import type { RemediationLock } from '#lib/enforcement/remediation-lock.ts';
import {
  createSweepReportBuilder,
  type StandardIdentity,
  type SweepReport,
  type SweepReportBuilder,
  standardIdentity,
} from '#lib/report/index.ts';
import type { Standard } from '#lib/standard/index.ts';
import { type SweepGateway, sweep } from '#lib/sweep/sweep.ts';
import type { SweepEvent } from '#lib/sweep/sweep-event.ts';
import { type SweepMessage, SweepMessageSchema } from '#lib/sweep/sweep-message.ts';
import { type SweepTarget, targetName } from '#lib/sweep/sweep-target.ts';

/** One SQS record, as the worker needs it. */
export interface SweepRecord {
  messageId: string;
  body: string;
}

/** What one (account, region) of a run came to: logged and published as metrics. */
export interface SweepRunSummary {
  runId: string;
  account: string;
  region: string;
  mode: SweepMessage['mode'];
  /** `ok`; `failed` (retried through SQS); `refused` (account not allowed, dropped). */
  outcome: 'ok' | 'failed' | 'refused';
  reason?: string;
  repositories: number;
  compliant: number;
  remediated: number;
  exempt: number;
  nonCompliant: number;
  planned: number;
  failed: number;
  durationMs: number;
}

export interface RunSweepMessagesDeps {
  gatewayFor(target: SweepTarget): SweepGateway;
  /** Guards each repository's writes against events and other sweeps (see `SweepDeps.lock`). */
  lock?: RemediationLock;
  standard: Standard;
  /** Where the standard was read from, for the reports' header; default `the deployed standard`. */
  standardSource?: string;
  now: () => Date;
  /** `undefined` when ecr-guard may act in the account, else why not (the allow-list). */
  refusal(account: string): string | undefined;
  concurrency?: { perTarget?: number; overall?: number };
  /** Read every repository's tags (owners in every result); default `when-needed`. */
  readTags?: 'when-needed' | 'always';
  /** Sees every event as it happens, e.g. to log each remediation and exemption. */
  onEvent?: (event: SweepEvent) => void;
  /**
   * Receives the report of each (account, region) swept (not of those refused), e.g. to
   * import it into Security Hub. A throw fails that target's messages (retried by SQS).
   */
  onReport?: (report: SweepReport) => Promise<void>;
}

export interface RunSweepMessagesResult {
  /** The messages to receive again (SQS partial batch response). */
  batchItemFailures: Array<{ itemIdentifier: string }>;
  summaries: SweepRunSummary[];
  /** Messages that are not sweep messages: dropped, retrying cannot fix them. */
  rejected: Array<{ messageId: string; reason: string }>;
}

function parse(body: string): SweepMessage | string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return 'the body is not JSON';
  }
  const result = SweepMessageSchema.safeParse(json);
  if (result.success) return result.data;
  return result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

interface Job {
  message: SweepMessage;
  messageIds: string[];
  builder: SweepReportBuilder;
  startedAt: Date;
  failure?: string;
  /** Why the account may not be swept at all (not allowed): dropped, not retried. */
  refusal?: string;
}

/**
 * The sweep worker's use case: a batch of sweep messages, each one (account, region).
 *
 * Primary course:
 * 1. validate each body; drop (and report) what is not a sweep message;
 * 2. refuse accounts outside the allow-list (dropped: the configuration decides, not time);
 * 3. sweep the other targets together, within the concurrency bounds, enforcing or auditing
 *    as each message says (duplicates of one target in a batch are swept once);
 * 4. summarise each target; a target that failed, or had a repository fail, is reported in
 *    `batchItemFailures` so SQS retries it alone (then dead-letters it), not the others.
 *
 * @example
 * ```ts
 * const { batchItemFailures } = await runSweepMessages(records, { gatewayFor, standard, now, refusal });
 * return { batchItemFailures };
 * ```
 */
export async function runSweepMessages(
  records: readonly SweepRecord[],
  deps: RunSweepMessagesDeps,
): Promise<RunSweepMessagesResult> {
  const result: RunSweepMessagesResult = { batchItemFailures: [], summaries: [], rejected: [] };
  const standard: StandardIdentity = standardIdentity(
    deps.standard,
    deps.standardSource ?? 'the deployed standard',
  );
  const jobs = new Map<string, Job>();
  for (const record of records) {
    const message = parse(record.body);
    if (typeof message === 'string') {
      result.rejected.push({ messageId: record.messageId, reason: message });
      continue;
    }
    const key = `${targetName(message)}/${message.mode}`;
    const existing = jobs.get(key);
    if (existing !== undefined) {
      existing.messageIds.push(record.messageId);
      continue;
    }
    const startedAt = deps.now();
    jobs.set(key, {
      message,
      messageIds: [record.messageId],
      startedAt,
      builder: createSweepReportBuilder({
        command: message.mode,
        dryRun: message.mode === 'audit',
        regions: [message.region],
        accounts: [message.account],
        startedAt,
        standard,
      }),
    });
  }

  const runnable: Job[] = [];
  for (const job of jobs.values()) {
    const refusal = deps.refusal(job.message.account);
    if (refusal === undefined) runnable.push(job);
    else job.refusal = refusal;
  }

  // Audit and enforce jobs need different dry-run settings: one sweep per mode.
  for (const mode of ['enforce', 'audit'] as const) {
    const ofMode = runnable.filter((job) => job.message.mode === mode);
    if (ofMode.length === 0) continue;
    const byTarget = new Map(ofMode.map((job) => [targetName(job.message), job]));
    const events = sweep(
      {
        targets: ofMode.map(({ message: { account, region } }) => ({ account, region })),
        dryRun: mode === 'audit',
        audit: mode === 'audit',
        ...(deps.readTags === undefined ? {} : { readTags: deps.readTags }),
        ...(deps.concurrency === undefined ? {} : { concurrency: deps.concurrency }),
      },
      deps,
    );
    for await (const event of events) {
      deps.onEvent?.(event);
      const job = byTarget.get(targetName(event.target));
      job?.builder.add(event);
      if (job !== undefined && event.type === 'target-failed') job.failure = event.reason;
    }
  }

  for (const job of jobs.values()) {
    const { message } = job;
    const report = job.builder.build(deps.now());
    const { summary } = report;
    const refused = job.refusal !== undefined;
    let published: string | undefined;
    if (!refused && deps.onReport !== undefined) {
      try {
        await deps.onReport(report);
      } catch (error) {
        published = `the report could not be published: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    const failed =
      !refused && (job.failure !== undefined || summary.failed > 0 || published !== undefined);
    const reason = refused
      ? `refused: ${job.refusal}`
      : (job.failure ??
        (summary.failed > 0 ? `${summary.failed} repositories failed` : undefined) ??
        published);
    result.summaries.push({
      runId: message.runId,
      account: message.account,
      region: message.region,
      mode: message.mode,
      outcome: refused ? 'refused' : failed ? 'failed' : 'ok',
      ...(reason === undefined ? {} : { reason }),
      repositories: summary.repositories,
      compliant: summary.compliant,
      remediated: summary.remediated,
      exempt: summary.exempt,
      nonCompliant: summary.nonCompliant + summary.planned,
      planned: summary.planned,
      failed: summary.failed,
      durationMs: report.run.durationMs,
    });
    if (failed) {
      for (const id of job.messageIds) result.batchItemFailures.push({ itemIdentifier: id });
    }
  }
  return result;
}
