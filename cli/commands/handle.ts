import {
  type EnforcementResult,
  handleEnforcementEvent,
  noticeOriginOf,
  ownIdentityOf,
} from '#lib/app/index.ts';
import {
  type ClientFactory,
  createClientFactory,
  MEMBER_ROLE_NAME,
  READER_ROLE_NAME,
} from '#lib/aws/index.ts';
import { readOwnRoleArns } from '#lib/config/environment.ts';
import { createGatewayPool } from '#lib/controls/index.ts';
import { isScanCompletedEvent } from '#lib/findings/index.ts';
import { cliClients } from '../cli-clients.ts';
import { parseCliEvent } from '../event-input.ts';
import { CliError, type CliIo, EXIT, readInput, toJson } from '../io.ts';
import { loadStandardForCli } from '../load-standard-for-cli.ts';
import { cliNoticeSending, cliNotices } from '../notices.ts';
import { parseArguments } from '../parse-arguments.ts';
import { HANDLE_USAGE } from '../usage.ts';
import { handleFindingBatch, isFindingBatchInput } from './handle-finding-batch.ts';
import { handleFindingsEvent } from './handle-findings.ts';

export { HANDLE_USAGE } from '../usage.ts';

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

function endsCompliant(result: EnforcementResult): boolean {
  if (result.outcome === 'ignored') return true;
  // Nothing to enforce, but an image that did not arrive is not a registry in order.
  if (result.outcome === 'replication-failed') return false;
  const ok = (c: { status: string }): boolean =>
    c.status !== 'violation' && c.status !== 'planned' && c.status !== 'not-checked';
  return (
    result.repositories.every((repository) => repository.controls.every(ok)) &&
    (result.registry ?? []).every((registry) => registry.controls.every(ok))
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
  const { values, positionals } = parseArguments(
    args,
    {
      'dry-run': { type: 'boolean', default: false },
      notify: { type: 'boolean', default: false },
      config: { type: 'string' },
      'role-name': { type: 'string' },
    },
    HANDLE_USAGE,
  );
  if (positionals.length !== 1) throw new CliError(`handle takes one input\n\n${HANDLE_USAGE}`);
  const roleName = values['role-name'];
  if (roleName !== undefined && !ROLE_NAME.test(roleName)) {
    throw new CliError(`--role-name "${roleName}" is not an IAM role name`);
  }
  const standard = await loadStandardForCli(values.config);
  const source = positionals[0] ?? '-';
  const text = await readInput(source, io);
  const dryRun = values['dry-run'] === true;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (isFindingBatchInput(json)) {
    // Continuous scanning: one window of finding events, as the finding queue delivers it.
    return handleFindingBatch(json, { standard, dryRun, roleName }, io);
  }
  const event = parseCliEvent(text, source === '-' ? 'the input' : source);
  const sessionName = 'ecr-guard-handle';
  if (isScanCompletedEvent(event)) {
    // Scan results take the findings path (report-findings, through the read-only role).
    const clients = (): Promise<ClientFactory> =>
      cliClients(io, { sessionName, roleName: roleName ?? READER_ROLE_NAME, region: event.region });
    return handleFindingsEvent(event, { standard, dryRun, clients }, io);
  }
  // Checked before any write: --notify without a topic is refused up front. Notices go out
  // with the caller's own credentials, in the central account (the topic's).
  const sending = cliNoticeSending(
    { dryRun, notify: values.notify === true },
    io,
    io.env.AWS_REGION ?? event.region,
    () => createClientFactory(),
  );
  const clients =
    event.kind === 'ignored'
      ? undefined
      : await cliClients(io, {
          sessionName,
          roleName: roleName ?? MEMBER_ROLE_NAME,
          region: event.region,
        });
  const result = await handleEnforcementEvent(event, {
    // An ignored event makes no AWS call: its factory is never asked for a client.
    gateways: createGatewayPool(clients ?? createClientFactory()),
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
  if (result.outcome === 'ignored') {
    io.stderr(`event ignored: ${result.reason}\n`);
    return EXIT.ok;
  }
  if (result.outcome === 'replication-failed') {
    io.stderr(`replication failed: ${result.reason}\n`);
    return EXIT.violations;
  }
  const missing = result.repositories.filter((r) => r.outcome === 'skipped');
  for (const repository of missing) {
    io.stderr(
      `repository ${repository.repositoryName} does not exist in account ${repository.account}, region ${repository.region}: nothing was checked (deleted since the event, or never created there)\n`,
    );
  }
  if (missing.length > 0 && missing.length === result.repositories.length) return EXIT.error;
  return endsCompliant(result) ? EXIT.ok : EXIT.violations;
}
