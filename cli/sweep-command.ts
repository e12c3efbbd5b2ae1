import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { MEMBER_ROLE_NAME } from '#lib/aws/index.ts';
import { createGatewayPool } from '#lib/controls/index.ts';
import type { RepositoryReport } from '#lib/enforcement/index.ts';
import {
  createSweepReportBuilder,
  REPORT_FORMATS,
  type ReportFormat,
  renderReport,
  reportExitCode,
  type SweepReport,
  verdict,
} from '#lib/report/index.ts';
import {
  describeSecurityHubResult,
  publishToSecurityHub,
  securityHubGateway,
} from '#lib/security-hub/index.ts';
import { DEFAULT_CONCURRENCY_PER_TARGET, sweep } from '#lib/sweep/index.ts';
import { checkTargetOptions, planTargets } from './cli-targets.ts';
import { inUseCallLines } from './in-use-calls.ts';
import { CliError, type CliIo } from './io.ts';
import { loadIdentifiedStandard } from './load-standard-for-cli.ts';
import { cliNoticeSending, cliNotices } from './notices.ts';
import { parseArguments } from './parse-arguments.ts';
import { createProgress } from './progress.ts';

export { SWEEP_OPTIONS_USAGE } from './usage.ts';

/** The overall bound is this many times the per-(account, region) one. */
export const OVERALL_PER_TARGET_RATIO = 4;

/** The options `audit` and `enforce` share, described once for both usages. */

const FORMAT_BY_EXTENSION: Readonly<Record<string, ReportFormat>> = {
  '.json': 'json',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'table',
  '.csv': 'csv',
  '.ocsf': 'ocsf',
  '.jsonl': 'ocsf',
};

function formatOf(format: string | undefined, output: string | undefined): ReportFormat {
  if (format !== undefined) {
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
      throw new CliError(`--format must be one of ${REPORT_FORMATS.join(', ')}, not "${format}"`);
    }
    return format as ReportFormat;
  }
  if (output !== undefined) return FORMAT_BY_EXTENSION[extname(output).toLowerCase()] ?? 'table';
  return 'table';
}

function concurrencyOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CONCURRENCY_PER_TARGET;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new CliError(`--concurrency must be a whole number from 1 to 256, not "${value}"`);
  }
  return n;
}

export interface SweepCommandOptions {
  command: 'audit' | 'enforce';
  usage: string;
}

/**
 * Runs `audit` or `enforce`: parses the shared options, expands the targets, sweeps them
 * with progress on stderr, renders the report and returns the exit code.
 *
 * @example
 * ```ts
 * const code = await runSweepCommand(['--org', '--format', 'html', '--output', 'audit.html'], io, { command: 'audit', usage });
 * ```
 */
export async function runSweepCommand(
  args: string[],
  io: CliIo,
  options: SweepCommandOptions,
): Promise<number> {
  const { values, positionals } = parseArguments(
    args,
    {
      accounts: { type: 'string' },
      org: { type: 'boolean', default: false },
      regions: { type: 'string' },
      'role-name': { type: 'string', default: MEMBER_ROLE_NAME },
      format: { type: 'string' },
      output: { type: 'string' },
      concurrency: { type: 'string' },
      config: { type: 'string' },
      'security-hub': { type: 'boolean', default: false },
      ...(options.command === 'enforce'
        ? {
            'dry-run': { type: 'boolean' as const, default: false },
            notify: { type: 'boolean' as const, default: false },
            'notices-output': { type: 'string' as const },
          }
        : {}),
    },
    options.usage,
  );
  if (positionals.length > 0) {
    throw new CliError(`unexpected argument "${positionals[0]}"\n\n${options.usage}`);
  }
  if (values.org && values.accounts !== undefined) {
    throw new CliError('give --accounts or --org, not both');
  }
  const format = formatOf(values.format, values.output);
  const perTarget = concurrencyOf(values.concurrency);
  const dryRun = options.command === 'audit' || values['dry-run'] === true;
  const roleName = values['role-name'] ?? MEMBER_ROLE_NAME;
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) {
    throw new CliError(`--role-name "${roleName}" is not an IAM role name`);
  }
  // Every argument is checked before any AWS call: a mistyped account or region is refused
  // here, not answered by a credentials error or an endpoint that does not exist.
  const targets = await checkTargetOptions(values, io);
  const { regions, region, selection } = targets;
  const { standard, identity } = await loadIdentifiedStandard(values.config);
  // The caller's account is the central one: acted in with the caller's own credentials,
  // every other account through its member role.
  const { plan, clients, caller } = await planTargets(targets, {
    roleName,
    sessionName: `ecr-guard-${options.command}`,
  });

  // The owning teams' notices: printed with --dry-run, sent only with --notify (enforce).
  const sending =
    options.command === 'enforce'
      ? cliNoticeSending({ dryRun, notify: values.notify === true }, io, region, () => clients)
      : undefined;
  const written: RepositoryReport[] = [];
  const gateways = createGatewayPool(clients);
  for (const skipped of plan.skipped)
    io.stderr(`not swept: ${skipped.account} (${skipped.reason})\n`);
  const startedAt = new Date();
  const builder = createSweepReportBuilder({
    command: options.command,
    dryRun,
    regions: [...new Set(regions)],
    accounts:
      selection.kind === 'accounts'
        ? [...new Set(selection.accounts)]
        : selection.kind === 'organization'
          ? 'organization'
          : 'current',
    startedAt,
    standard: identity,
    caller: { account: caller.account, ...(caller.arn === undefined ? {} : { arn: caller.arn }) },
    skippedAccounts: plan.skipped,
  });
  const progress = createProgress(io, plan.targets.length);
  for await (const event of sweep(
    {
      targets: plan.targets,
      dryRun,
      // A report lists every owner, every exemption in force and every exemption not
      // applied, for enforce as for audit: one more read per compliant repository, within
      // the budget of two.
      readTags: 'always',
      audit: options.command === 'audit',
      concurrency: { perTarget, overall: perTarget * OVERALL_PER_TARGET_RATIO },
    },
    { gatewayFor: (target) => gateways.ecrGateway(target), standard, now: () => new Date() },
  )) {
    builder.add(event);
    progress.update(event);
    if (event.type === 'repository') written.push(event.report);
  }
  progress.done();
  for (const line of await inUseCallLines(plan.targets, gateways)) io.stderr(line);
  const report: SweepReport = builder.build(new Date());
  const notices = await cliNotices(
    written,
    { origin: 'sweep', originId: `cli-${randomUUID()}` },
    standard,
    sending,
  );
  for (const notice of notices ?? []) {
    io.stderr(
      `notice to ${notice.team} ${notice.outcome}: ${notice.repositories.length} repositories${notice.sns === undefined ? '' : ` (${notice.sns.subject})`}\n`,
    );
  }
  // The notices in full (team, SNS subject and attributes, Slack payload) go to a file of
  // their own: the report is a document of its own schema, which they are no part of.
  const noticesOutput = values['notices-output'];
  if (notices !== undefined && typeof noticesOutput === 'string') {
    await writeReport(noticesOutput, `${JSON.stringify({ notices }, null, 2)}\n`);
    io.stderr(`notices written to ${noticesOutput}\n`);
  }
  const text = renderReport(report, format);
  if (values.output === undefined) {
    io.stdout(text);
  } else {
    await writeReport(values.output, text);
    io.stderr(`report written to ${values.output}\n`);
  }
  let code = reportExitCode(report);
  // The verdict is in the table itself; a machine format or a file gets it on stderr.
  if (format !== 'table' || values.output !== undefined) {
    io.stderr(`${verdict(report)} (exit ${code})\n`);
  }
  if (values['security-hub'] === true) {
    // Loaded only here: every other run (and --help) starts without it.
    const { SecurityHubClient } = await import('@aws-sdk/client-securityhub');
    const results = await publishToSecurityHub(report, {
      hubFor: (target) => securityHubGateway(clients.client(SecurityHubClient, target), target),
      now: () => new Date(),
    });
    for (const result of results) io.stderr(`Security Hub ${describeSecurityHubResult(result)}\n`);
    if (results.some((r) => r.outcome === 'failed')) code = 2;
  }
  return code;
}

async function writeReport(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new CliError(`cannot write ${path}: ${reason}`, { cause: error });
  }
}
