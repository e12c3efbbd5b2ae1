import {
  type AlertingSettings,
  createReportFindingsDeps,
  type ReportFindingsResult,
  reportFindings,
} from '#lib/app/index.ts';
import type { ClientFactory } from '#lib/aws/index.ts';
import { readAlertingEnvironment } from '#lib/config/environment.ts';
import type { ScanCompletedEvent } from '#lib/findings/index.ts';
import type { Standard } from '#lib/standard/index.ts';
import { type AlertPreview, alertPreview } from '../alert-preview.ts';
import { CliError, type CliIo, EXIT, toJson } from '../io.ts';

/** What `handle` prints for a scan event: the outcome, and the alert when there is one. */
export type HandleFindingsOutput =
  | (Omit<
      Extract<ReportFindingsResult, { outcome: 'published' | 'planned' }>,
      'alert' | 'message'
    > &
      AlertPreview)
  | Exclude<ReportFindingsResult, { outcome: 'published' | 'planned' }>;

/** Outcomes that mean the image has findings at or above the threshold. */
const FINDINGS_OUTCOMES: ReadonlySet<string> = new Set(['published', 'planned', 'duplicate']);

function alertingSettings(
  io: CliIo,
  dryRun: boolean,
  region: string,
): AlertingSettings | undefined {
  if (dryRun) return undefined;
  try {
    // The dedupe table is in the topic's account; its region is the caller's (as the Lambda's).
    return { ...readAlertingEnvironment(io.env), region: io.env.AWS_REGION?.trim() || region };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`${reason} (or use --dry-run to publish nothing)`, { cause: error });
  }
}

/**
 * `ecr-guard handle` for a scan event: reports the findings as `report-findings` would —
 * reading them from AWS — and, unless `--dry-run`, deduplicates and publishes the alert.
 * A dry run reads nothing from and writes nothing to the dedupe table, and publishes nothing.
 *
 * @returns the exit code: 1 when the image has findings at or above the threshold
 *
 * @example
 * ```ts
 * await handleFindingsEvent(event, { standard, dryRun: true, clients: async () => clients }, io);
 * ```
 */
export async function handleFindingsEvent(
  event: ScanCompletedEvent,
  options: {
    standard: Standard;
    dryRun: boolean;
    /** Built once the settings are checked: asking for them is the first AWS call. */
    clients: () => Promise<ClientFactory>;
  },
  io: CliIo,
): Promise<number> {
  const alerting = alertingSettings(io, options.dryRun, event.region);
  const deps = createReportFindingsDeps({
    clients: await options.clients(),
    standard: options.standard,
    alerting,
  });
  const result = await reportFindings(event, deps);
  let output: HandleFindingsOutput;
  if (result.outcome === 'published' || result.outcome === 'planned') {
    const { alert, message, ...rest } = result;
    output = { ...rest, ...alertPreview(alert, message, alerting?.alertsTopicArn) };
  } else {
    output = result;
  }
  io.stdout(toJson({ event, dryRun: options.dryRun, result: output }));
  return FINDINGS_OUTCOMES.has(result.outcome) ? EXIT.violations : EXIT.ok;
}
