import type { WindowEvent } from '#lib/alerts/continuous/finding-window.ts';
import {
  type AlertFindingEventsResult,
  type AlertingSettings,
  alertFindingEvents,
  createFindingEventsDeps,
} from '#lib/app/index.ts';
import { READER_ROLE_NAME } from '#lib/aws/index.ts';
import { readAlertingEnvironment, readEnvironment } from '#lib/config/environment.ts';
import { InvalidEventError, normalizeEvent } from '#lib/events/index.ts';
import { renderSlackMessage, type SlackMessage } from '#lib/slack/index.ts';
import type { Standard } from '#lib/standard/index.ts';
import { cliClients } from '../cli-clients.ts';
import { CliError, type CliIo, EXIT, toJson } from '../io.ts';

/** One message of the batch, as `handle` prints it. */
export interface PrintedMessage {
  kind: string;
  team: string;
  sns: {
    subject: string;
    attributes: Readonly<Record<string, string>>;
    sizeBytes: number;
    messageId?: string;
  };
  slack: SlackMessage;
}

/** What `handle` prints for a batch of finding events. */
export interface FindingBatchOutput {
  dryRun: boolean;
  events: number;
  messages: PrintedMessage[];
  /** Events not acted on, by their index in the input, and why. */
  skipped: { index: number; reason: string }[];
  unchangedImages: number;
  failedEvents: number[];
  warnings: string[];
}

function alertingSettings(io: CliIo, dryRun: boolean): AlertingSettings | undefined {
  if (dryRun) return undefined;
  try {
    const { region } = readEnvironment(io.env);
    return { ...readAlertingEnvironment(io.env), region };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`${reason} (or use --dry-run to publish nothing)`, { cause: error });
  }
}

/**
 * Whether `handle`'s input takes the finding-batch path: a JSON array of events, or one
 * `Inspector2 Finding` event.
 *
 * @example
 * ```ts
 * if (isFindingBatchInput(json)) await handleFindingBatch(json, options, io);
 * ```
 */
export function isFindingBatchInput(json: unknown): boolean {
  if (Array.isArray(json)) return true;
  return (
    typeof json === 'object' &&
    json !== null &&
    (json as Record<string, unknown>)['detail-type'] === 'Inspector2 Finding'
  );
}

/**
 * `ecr-guard handle` for `Inspector2 Finding` events: one event, or a JSON array of them (a
 * batch, as the finding queue delivers it, one window). With `--dry-run`, prints the messages
 * the batch would send, in order, and sends and stores nothing (no table read either).
 *
 * @returns the exit code: 1 when the batch sends (or would send) a message
 *
 * @example
 * ```ts
 * await handleFindingBatch(JSON.parse(text), { standard, dryRun: true }, io);
 * ```
 */
export async function handleFindingBatch(
  json: unknown,
  options: { standard: Standard; dryRun: boolean; roleName?: string | undefined },
  io: CliIo,
): Promise<number> {
  const raws: unknown[] = Array.isArray(json) ? json : [json];
  if (raws.length === 0)
    throw new CliError('the batch is empty: give one event or a non-empty JSON array');
  const events: WindowEvent[] = [];
  const skipped: FindingBatchOutput['skipped'] = [];
  for (const [index, raw] of raws.entries()) {
    let event: ReturnType<typeof normalizeEvent>;
    try {
      event = normalizeEvent(raw);
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      if (raws.length === 1) throw new CliError(`invalid event: ${error.message}`);
      skipped.push({ index, reason: `invalid event: ${error.message}` });
      continue;
    }
    if (event.kind !== 'finding-changed') {
      const reason =
        event.kind === 'ignored'
          ? event.reason
          : `${event.kind}: not a finding event (handle it alone)`;
      skipped.push({ index, reason });
      continue;
    }
    events.push({ event, recordId: String(index) });
  }
  const alerting = alertingSettings(io, options.dryRun);
  const deps = createFindingEventsDeps({
    // The tags are read where each image is, through the read-only member role, as the Lambda.
    clients: await cliClients(io, {
      sessionName: 'ecr-guard-handle',
      roleName: options.roleName ?? READER_ROLE_NAME,
      region: events[0]?.event.region ?? io.env.AWS_REGION ?? 'us-east-1',
    }),
    standard: options.standard,
    alerting,
  });
  const result: AlertFindingEventsResult = await alertFindingEvents(events, deps);
  const output: FindingBatchOutput = {
    dryRun: options.dryRun,
    events: raws.length,
    messages: result.messages.map((message) => ({
      kind: message.kind,
      team: message.team,
      sns: {
        subject: message.subject,
        attributes: message.attributes,
        sizeBytes: message.sizeBytes,
        ...(message.messageId === undefined ? {} : { messageId: message.messageId }),
      },
      slack: renderSlackMessage(message.alert),
    })),
    skipped,
    unchangedImages: result.unchangedImages,
    failedEvents: result.failedRecordIds.map(Number),
    warnings: result.warnings,
  };
  io.stdout(toJson(output));
  if (result.failedRecordIds.length > 0) return EXIT.error;
  return output.messages.length > 0 ? EXIT.violations : EXIT.ok;
}
