import { parseArgs } from 'node:util';
import { type EnforcementResult, handleEnforcementEvent, ownIdentityOf } from '#lib/app/index.ts';
import { readOwnRoleArns } from '#lib/config/environment.ts';
import { createGatewayPool } from '#lib/controls/index.ts';
import { InvalidEventError, parseEventJson } from '#lib/events/index.ts';
import { isScanCompletedEvent } from '#lib/findings/index.ts';
import { cliClients } from '../cli-clients.ts';
import { CliError, type CliIo, EXIT, readInput, toJson } from '../io.ts';
import { loadStandardForCli } from '../load-standard-for-cli.ts';
import { handleFindingBatch, isFindingBatchInput } from './handle-finding-batch.ts';
import { handleFindingsEvent } from './handle-findings.ts';

export const HANDLE_USAGE = `ecr-guard handle <event.json|-> [--dry-run] [--config ecr-guard.yml]

Runs one EventBridge event through the same path as the Lambda, against the AWS endpoint
of the environment (AWS_ENDPOINT_URL, AWS_REGION, the usual credentials), and prints JSON:
the event, and per repository and control its status (compliant, remediated, planned,
exempt, violation) with the write calls made (or planned, with --dry-run).

Exit 0 when the repository ends compliant (or exempt), 1 when it does not (a violation
ecr-guard may not fix, or writes planned by --dry-run), 2 on error.

A scan event (ECR Image Scan, Inspector2 Scan) takes the path of report-findings instead:
the image's findings are read and one deduplicated alert is published to ALERTS_TOPIC_ARN
(deduplicated in DEDUPE_TABLE_NAME). With --dry-run nothing is read from or written to the
table and nothing is published: it prints the alert, the SNS message (subject, attributes,
body) and the Slack message. Exit 1 when the image has findings at or above
alerts.minSeverity, 0 when it has none.

An Inspector2 Finding event (continuous scanning), or a JSON array of them (a batch, one
window, as the finding queue delivers it), takes the path of the finding queue: findings
gathered per image, one message per image, one per team when a finding hits more than
alerts.groupAbove of its images, a resolved message when alerted findings close. With
--dry-run nothing is read from or written to the table and nothing is published (closing
findings at or above the threshold are taken to have been alerted): it prints
{ messages: [...] } in order, each with its kind, team, SNS subject and attributes, and the
Slack payload. Exit 1 when the batch sends (or would send) a message.`;

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
    options: { 'dry-run': { type: 'boolean', default: false }, config: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new CliError(`handle takes one input\n\n${HANDLE_USAGE}`);
  const standard = await loadStandardForCli(values.config);
  const text = await readInput(positionals[0], io);
  const dryRun = values['dry-run'] === true;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (isFindingBatchInput(json)) {
    // Continuous scanning: one window of finding events, as the finding queue delivers it.
    return handleFindingBatch(json, { standard, dryRun }, io);
  }
  let event: ReturnType<typeof parseEventJson>;
  try {
    event = parseEventJson(text);
  } catch (error) {
    if (error instanceof InvalidEventError) throw new CliError(`invalid event: ${error.message}`);
    throw error;
  }
  if (isScanCompletedEvent(event)) {
    // Scan results take the findings path (report-findings), not enforcement.
    return handleFindingsEvent(event, { standard, dryRun }, io);
  }
  const result = await handleEnforcementEvent(event, {
    gateways: createGatewayPool(cliClients(io, 'ecr-guard-handle')),
    standard,
    dryRun,
    now: () => new Date(),
    identity: ownIdentityOf({ crossAccount: undefined, ownRoleArns: readOwnRoleArns(io.env) }),
  });
  io.stdout(toJson({ event, dryRun, result }));
  return endsCompliant(result) ? EXIT.ok : EXIT.violations;
}
