import { reportFindings } from '#lib/app/index.ts';
import {
  InvalidFindingsResponseError,
  isScanCompletedEvent,
  type ScanResult,
  scannedImageOf,
  scanResultFromSavedResponse,
} from '#lib/findings/index.ts';
import { alertPreview } from '../alert-preview.ts';
import { parseCliEvent } from '../event-input.ts';
import { CliError, type CliIo, EXIT, readInput, toJson } from '../io.ts';
import { loadStandardForCli } from '../load-standard-for-cli.ts';
import { parseArguments } from '../parse-arguments.ts';
import { RENDER_ALERT_USAGE } from '../usage.ts';

export { RENDER_ALERT_USAGE } from '../usage.ts';

/**
 * `ecr-guard render-alert`: previews an alert from a scan event and saved findings.
 *
 * @example
 * ```ts
 * await renderAlertCommand(['scan.json', '--findings', 'findings.json', '--team', 'payments'], io);
 * ```
 */
export async function renderAlertCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArguments(
    args,
    {
      findings: { type: 'string' },
      team: { type: 'string' },
      config: { type: 'string' },
    },
    RENDER_ALERT_USAGE,
  );
  if (positionals.length !== 1) {
    throw new CliError(`render-alert takes one scan event\n\n${RENDER_ALERT_USAGE}`);
  }
  if (values.findings === undefined) {
    throw new CliError(`render-alert needs --findings <file>\n\n${RENDER_ALERT_USAGE}`);
  }
  const standard = await loadStandardForCli(values.config);
  const source = positionals[0] ?? '-';
  const event = parseCliEvent(await readInput(source, io), source === '-' ? 'the input' : source);
  if (!isScanCompletedEvent(event)) {
    throw new CliError(`not a completed scan event (${event.kind}): nothing to render`);
  }
  const findingsText = await readInput(values.findings, io);
  const { scanner } = scannedImageOf(event);
  let scan: ScanResult;
  try {
    scan = scanResultFromSavedResponse(JSON.parse(findingsText), scanner);
  } catch (error) {
    if (error instanceof InvalidFindingsResponseError || error instanceof SyntaxError) {
      throw new CliError(`${values.findings}: ${error.message}`, { cause: error });
    }
    throw error;
  }
  // The Lambda's own path, with the saved findings and the given team in place of AWS.
  const teamTagKey = standard.ownership.teamTagKey;
  const team = values.team;
  const result = await reportFindings(event, {
    minSeverity: standard.alerts.minSeverity,
    teamTagKey,
    sourceFor: () => ({
      readScan: async () => scan,
      listRepositoryTags: async () => (team === undefined ? {} : { [teamTagKey]: team }),
    }),
    delivery: { dryRun: true },
  });
  if (result.outcome !== 'planned') {
    io.stdout(toJson({ event, result }));
    return EXIT.ok;
  }
  const { alert, message, ...rest } = result;
  io.stdout(toJson({ event, result: { ...rest, ...alertPreview(alert, message, undefined) } }));
  return EXIT.violations;
}
