import { evidenceRows } from './evidence-rows.ts';
import type { SweepReport } from './sweep-report-schema.ts';

const COLUMNS = [
  'level',
  'account',
  'region',
  'repository',
  'repository_arn',
  'team',
  'scope',
  'control',
  'status',
  'reason',
  'fix_actions',
  'fix_change',
  'frameworks',
  'framework_note',
  'tool_version',
  'standard_source',
  'standard_sha256',
  'caller_account',
  'caller_arn',
  'accounts_asked',
  'regions_asked',
  'accounts_reached',
  'regions_reached',
  'started_at',
  'duration_ms',
] as const;

/** One field, quoted as RFC 4180 asks when it holds a comma, a quote or a line break. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The report as CSV (RFC 4180: CRLF line ends, a header row, quotes doubled inside quoted
 * fields): one row per repository and control (`pass` rows included), per registry result
 * and per account/region that could not be read. The run header (version, the standard's
 * SHA-256, caller, accounts and regions asked for and reached, start and duration) is carried
 * in columns of every row, so a row copied elsewhere still says where it comes from.
 *
 * @example
 * ```ts
 * await writeFile('audit.csv', renderCsv(report));
 * ```
 */
export function renderCsv(report: SweepReport): string {
  const { run } = report;
  const asked = Array.isArray(run.asked.accounts)
    ? run.asked.accounts.join(' ')
    : run.asked.accounts;
  const lines = [COLUMNS.join(',')];
  for (const row of evidenceRows(report)) {
    const values: Record<(typeof COLUMNS)[number], string> = {
      level: row.level,
      account: row.account,
      region: row.region,
      repository: row.repositoryName ?? '',
      repository_arn: row.repositoryArn ?? '',
      team: row.team ?? '',
      scope: row.scope ?? '',
      control: row.control,
      status: row.status,
      reason: row.reason,
      fix_actions: row.fix.map((f) => f.action).join(' '),
      fix_change: row.fix.map((f) => f.change).join('\n'),
      frameworks: row.frameworks.map((f) => `${f.framework} ${f.id}`).join('; '),
      framework_note: row.frameworkNote ?? '',
      tool_version: `${run.tool.name} ${run.tool.version}`,
      standard_source: run.standard.source,
      standard_sha256: run.standard.sha256,
      caller_account: run.caller?.account ?? '',
      caller_arn: run.caller?.arn ?? '',
      accounts_asked: asked,
      regions_asked: run.asked.regions.join(' '),
      accounts_reached: run.reached.accounts.join(' '),
      regions_reached: run.reached.regions.join(' '),
      started_at: run.startedAt,
      duration_ms: String(run.durationMs),
    };
    lines.push(COLUMNS.map((c) => field(values[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
