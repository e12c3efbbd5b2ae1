import type { RemediationLock } from '#lib/enforcement/remediation-lock.ts';
import {
  createSweepReportBuilder,
  type StandardIdentity,
  type SweepReport,
  type SweepReportBuilder,
  standardIdentity,
} from '#lib/report/index.ts';
import type { Standard } from '#lib/standard/index.ts';
import { describeFailure } from '#lib/sweep/describe-failure.ts';
import {
  type QueuedSweepMessage,
  type SweepQueue,
  sweepMessageDeduplicationId,
} from '#lib/sweep/enqueue-sweep.ts';
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
  /** Repositories that failed for now (throttled): the continuation sweeps them again. */
  deferred: number;
  /** Which part of the target's sweep this message was (1 unless continued). */
  part: number;
  /** A continuation was sent: the next part sweeps the rest of the target. */
  continued: boolean;
}
/**
 * Time to work with (the invocation's), and where the rest of a target goes when it does not
 * fit: a continuation message on the sweep queue, from the page the sweep stopped at.
 */
export interface SweepContinuation {
  queue: SweepQueue;
  /** The invocation's remaining time, ms (`context.getRemainingTimeInMillis`). */
  remainingMs(): number;
  /** Kept back from the sweep for the reports and continuations; default {@link DEFAULT_RESERVE_MS}. */
  reserveMs?: number;
}

/** Time kept back at the end of an invocation, by default. */
export const DEFAULT_RESERVE_MS = 60_000;
/** Repositories per page when a sweep may be continued: the unit a continuation resumes at. */
export const CONTINUED_PAGE_SIZE = 100;

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
  /** Without it, every target is swept to its end, however long that takes. */
  continuation?: SweepContinuation;
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
  /** Where the rest of the target starts, when the sweep stopped it short. */
  resume?: { startToken?: string; progressed: boolean; backoff?: string };
  /** Repositories that failed in a way that may pass: swept again by the continuation. */
  deferred: number;
}

/** Parts in a row that AWS throttled before they swept a page: then the part fails (SQS, DLQ). */
export const MAX_STALLS = 5;

/** How long a throttled target waits before its continuation: 1, 2, 4, 8, then 15 minutes. */
function backoffSeconds(stalls: number): number {
  return Math.min(900, 60 * 2 ** stalls);
}

/**
 * Splits jobs so that no target appears twice in one sweep (its events name the target only):
 * two parts of one target in a batch are swept one after the other.
 */
function rounds(jobs: readonly Job[]): Job[][] {
  const out: Job[][] = [];
  for (const job of jobs) {
    const name = targetName(job.message);
    let round = out.find((r) => r.every((other) => targetName(other.message) !== name));
    if (round === undefined) {
      round = [];
      out.push(round);
    }
    round.push(job);
  }
  return out;
}

/** The message that continues `job`'s target from its resume point, and its delay. */
function continuationOf(
  job: Job,
  resume: NonNullable<Job['resume']>,
): { message: SweepMessage; delaySeconds: number } {
  const { version, runId, account, region, mode } = job.message;
  const stalls =
    resume.backoff !== undefined && !resume.progressed ? (job.message.stalls ?? 0) + 1 : 0;
  return {
    message: {
      version,
      runId,
      account,
      region,
      mode,
      ...(resume.startToken === undefined ? {} : { startToken: resume.startToken }),
      part: (job.message.part ?? 1) + 1,
      ...(stalls === 0 ? {} : { stalls }),
    },
    delaySeconds: resume.backoff === undefined ? 0 : backoffSeconds(stalls),
  };
}

/**
 * The sweep worker's use case: a batch of sweep messages, each one (account, region).
 *
 * Primary course:
 * 1. validate each body; drop (and report) what is not a sweep message;
 * 2. refuse accounts outside the allow-list (dropped: the configuration decides, not time);
 * 3. sweep the other targets together, within the concurrency bounds, enforcing or auditing
 *    as each message says, each from its message's page on (duplicates of one message in a
 *    batch are swept once);
 * 4. with a `continuation`, stop reading pages when the invocation runs short of time, and
 *    send, for each target stopped so without a failure, a message for the rest of it;
 * 5. summarise each target; a target that failed, or had a repository fail, is reported in
 *    `batchItemFailures` so SQS retries it alone (then dead-letters it), not the others. A
 *    retried part sweeps again from its own page: its continuation was not sent.

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
    const key = `${targetName(message)}/${message.mode}/${message.startToken ?? ''}`;
    const existing = jobs.get(key);
    if (existing !== undefined) {
      existing.messageIds.push(record.messageId);
      continue;
    }
    const startedAt = deps.now();
    jobs.set(key, {
      message,
      messageIds: [record.messageId],
      deferred: 0,
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

  const { continuation } = deps;
  const budget =
    continuation === undefined
      ? undefined
      : {
          remainingMs: () => continuation.remainingMs(),
          reserveMs: continuation.reserveMs ?? DEFAULT_RESERVE_MS,
        };
  // Audit and enforce jobs need different dry-run settings: one sweep per mode.
  for (const mode of ['enforce', 'audit'] as const) {
    for (const round of rounds(runnable.filter((job) => job.message.mode === mode))) {
      const byTarget = new Map(round.map((job) => [targetName(job.message), job]));
      const events = sweep(
        {
          targets: round.map(({ message: { account, region, startToken } }) => ({
            account,
            region,
            ...(startToken === undefined ? {} : { startToken }),
          })),
          dryRun: mode === 'audit',
          audit: mode === 'audit',
          ...(deps.readTags === undefined ? {} : { readTags: deps.readTags }),
          ...(deps.concurrency === undefined ? {} : { concurrency: deps.concurrency }),
          ...(budget === undefined ? {} : { budget, pageSize: CONTINUED_PAGE_SIZE }),
        },
        deps,
      );
      for await (const event of events) {
        deps.onEvent?.(event);
        const job = byTarget.get(targetName(event.target));
        job?.builder.add(event);
        if (job === undefined) continue;
        if (event.type === 'target-failed') job.failure = event.reason;
        if (event.type === 'repository-failed' && event.retryable && budget !== undefined) {
          job.deferred += 1;
        }
        if (event.type === 'target-finished' && event.resume !== undefined) {
          job.resume = event.resume;
        }
      }
    }
  }

  const reports = new Map([...jobs.values()].map((job) => [job, job.builder.build(deps.now())]));
  // Each part's report is published before its continuation is sent: a part whose report
  // failed is retried by SQS, and that retry sends the continuation (never two of them).
  const published = new Map<Job, string>();
  if (deps.onReport !== undefined) {
    for (const [job, report] of reports) {
      if (job.refusal !== undefined) continue;
      try {
        await deps.onReport(report);
      } catch (error) {
        published.set(
          job,
          `the report could not be published: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
  /** Failures that fail the part: the deferred ones are swept again by the continuation. */
  const failuresOf = (job: Job): number =>
    (reports.get(job)?.summary.failed ?? 0) -
    (job.resume?.backoff === undefined ? 0 : job.deferred);
  // The rest of each target stopped short, unless the part failed: then SQS retries the part
  // from its own page, and that retry sends the continuation. A target AWS keeps throttling
  // before it sweeps a page gives up after MAX_STALLS parts.
  const continued: Job[] = [];
  const outgoing: QueuedSweepMessage[] = [];
  for (const job of jobs.values()) {
    const { resume } = job;
    if (resume === undefined || job.failure !== undefined || published.has(job)) continue;
    if (failuresOf(job) > 0) continue;
    const next = continuationOf(job, resume);
    if ((next.message.stalls ?? 0) >= MAX_STALLS) {
      job.failure = `no progress in ${MAX_STALLS} parts in a row: ${resume.backoff ?? 'stopped'}`;
      continue;
    }
    continued.push(job);
    outgoing.push({
      body: JSON.stringify(next.message),
      deduplicationId: sweepMessageDeduplicationId(next.message),
      delaySeconds: next.delaySeconds,
    });
  }
  if (outgoing.length > 0 && continuation !== undefined) {
    try {
      await continuation.queue.send(outgoing);
    } catch (error) {
      const reason = `continuation not sent: ${describeFailure(error).reason}`;
      for (const job of continued) job.failure = reason;
      continued.length = 0;
    }
  }

  for (const [job, report] of reports) {
    const { message } = job;
    const { summary } = report;
    const refused = job.refusal !== undefined;
    const failures = failuresOf(job);
    const publishFailure = published.get(job);
    const failed =
      !refused && (job.failure !== undefined || failures > 0 || publishFailure !== undefined);
    const reason = refused
      ? `refused: ${job.refusal}`
      : (job.failure ??
        (failures > 0 ? `${failures} repositories failed` : undefined) ??
        publishFailure);
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
      failed: failures,
      deferred: job.resume?.backoff === undefined ? 0 : job.deferred,
      durationMs: report.run.durationMs,
      part: message.part ?? 1,
      continued: continued.includes(job),
    });
    if (failed) {
      for (const id of job.messageIds) result.batchItemFailures.push({ itemIdentifier: id });
    }
  }
  return result;
}
