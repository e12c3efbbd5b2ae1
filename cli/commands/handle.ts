import { parseArgs } from 'node:util';
import {
  type EnforcementResult,
  handleEnforcementEvent,
  noticeOriginOf,
  ownIdentityOf,
} from '#lib/app/index.ts';
import { readOwnRoleArns } from '#lib/config/environment.ts';
import { createGatewayPool } from '#lib/controls/index.ts';
import { InvalidEventError, parseEventJson } from '#lib/events/index.ts';
import { isScanCompletedEvent } from '#lib/findings/index.ts';
import { cliClients } from '../cli-clients.ts';
import { CliError, type CliIo, EXIT, readInput, toJson } from '../io.ts';
import { loadStandardForCli } from '../load-standard-for-cli.ts';
import { cliNoticeSending, cliNotices, NOTIFY_USAGE } from '../notices.ts';
import { handleFindingsEvent } from './handle-findings.ts';

export const HANDLE_USAGE = `ecr-guard handle <event.json|-> [--dry-run] [--notify] [--config ecr-guard.yml]

Runs one EventBridge event through the same path as the Lambda, against the AWS endpoint
of the environment (AWS_ENDPOINT_URL, AWS_REGION, the usual credentials), and prints JSON:
the event, and per repository and control its status (compliant, remediated, planned,
exempt, violation) with the write calls made (or planned, with --dry-run).

${NOTIFY_USAGE}

Exit 0 when the repository ends compliant (or exempt), 1 when it does not (a violation
ecr-guard may not fix, or writes planned by --dry-run), 2 on error.

A scan event (ECR Image Scan, Inspector2 Scan) takes the path of report-findings instead:
the image's findings are read and one deduplicated alert is published to ALERTS_TOPIC_ARN
(deduplicated in DEDUPE_TABLE_NAME). With --dry-run nothing is read from or written to the
table and nothing is published: it prints the alert, the SNS message (subject, attributes,
body) and the Slack message. Exit 1 when the image has findings at or above
alerts.minSeverity, 0 when it has none.`;

function endsCompliant(result: EnforcementResult): boolean {
  if (result.outcome === 'ignored') return true;
  return result.repositories.every((repository) =>
    repository.controls.every((c) => c.status !== 'violation' && c.status !== 'planned'),
  );
}

/**
 * `ecr-guard handle`: enforce from one event, as the Lambda would.
 *
 * @example
 * ```ts
 * await handleCommand(['push.json', '--dry-run'], io);
 * ```
 */
export async function handleCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'dry-run': { type: 'boolean', default: false },
      notify: { type: 'boolean', default: false },
      config: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new CliError(`handle takes one input\n\n${HANDLE_USAGE}`);
  const standard = await loadStandardForCli(values.config);
  const text = await readInput(positionals[0], io);
  let event: ReturnType<typeof parseEventJson>;
  try {
    event = parseEventJson(text);
  } catch (error) {
    if (error instanceof InvalidEventError) throw new CliError(`invalid event: ${error.message}`);
    throw error;
  }
  const dryRun = values['dry-run'] === true;
  if (isScanCompletedEvent(event)) {
    // Scan results take the findings path (report-findings), not enforcement.
    return handleFindingsEvent(event, { standard, dryRun }, io);
  }
  const clients = cliClients(io, 'ecr-guard-handle');
  // Checked before any write: --notify without a topic is refused up front.
  const sending = cliNoticeSending(
    { dryRun, notify: values.notify === true },
    io,
    io.env.AWS_REGION ?? event.region,
    () => clients,
  );
  const result = await handleEnforcementEvent(event, {
    gateways: createGatewayPool(clients),
    standard,
    dryRun,
    now: () => new Date(),
    identity: ownIdentityOf({ crossAccount: undefined, ownRoleArns: readOwnRoleArns(io.env) }),
  });
  const notices =
    result.outcome === 'enforced'
      ? await cliNotices(result.repositories, noticeOriginOf(event), standard, sending)
      : undefined;
  io.stdout(toJson({ event, dryRun, result, ...(notices === undefined ? {} : { notices }) }));
  return endsCompliant(result) ? EXIT.ok : EXIT.violations;
}
