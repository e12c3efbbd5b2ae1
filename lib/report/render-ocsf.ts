import { type EvidenceRow, evidenceRows } from './evidence-rows.ts';
import { AWS_CONFIG, FSBP, failedSeverity } from './frameworks.ts';
import type { ReportControlStatus, SweepReport } from './sweep-report-schema.ts';

/** The OCSF schema version these events follow. */
export const OCSF_VERSION = '1.3.0';
/** OCSF class `Compliance Finding` of category `Findings`. */
export const OCSF_COMPLIANCE_FINDING = 2003;
const FINDINGS_CATEGORY = 2;
const ACTIVITY_CREATE = 1;

/** `compliance.status_id`: 1 Pass, 2 Warning (no result: information missing), 3 Fail. */
const COMPLIANCE_STATUS: Readonly<Record<ReportControlStatus, { id: 1 | 2 | 3; name: string }>> = {
  pass: { id: 1, name: 'Pass' },
  remediated: { id: 1, name: 'Pass' },
  exempt: { id: 1, name: 'Pass' },
  violation: { id: 3, name: 'Fail' },
  planned: { id: 3, name: 'Fail' },
  'not-checked': { id: 2, name: 'Warning' },
};

const SEVERITY = {
  INFORMATIONAL: { id: 1, name: 'Informational' },
  LOW: { id: 2, name: 'Low' },
  MEDIUM: { id: 3, name: 'Medium' },
  HIGH: { id: 4, name: 'High' },
} as const;

/**
 * The stable identifier of one result: the same repository and control give the same id on
 * every run (OCSF `finding_info.uid`, Security Hub `Id`).
 *
 * @example
 * ```ts
 * resultUid(row); // 'ecr-guard/123456789012/us-east-1/payments-api/immutability'
 * ```
 */
export function resultUid(
  row: Pick<EvidenceRow, 'account' | 'region' | 'repositoryName' | 'control'>,
): string {
  const subject =
    row.repositoryName === undefined ? 'registry' : `repository/${row.repositoryName}`;
  return `ecr-guard/${row.account}/${row.region}/${subject}/${row.control === '' ? 'all' : row.control}`;
}

function severityOf(row: EvidenceRow): (typeof SEVERITY)[keyof typeof SEVERITY] {
  const status = COMPLIANCE_STATUS[row.status].id;
  if (status === 1) return SEVERITY.INFORMATIONAL;
  if (status === 2) return SEVERITY.MEDIUM;
  return SEVERITY[failedSeverity(row.control)];
}

function titleOf(row: EvidenceRow): string {
  if (row.level === 'account-region') return `${row.account}/${row.region} could not be checked`;
  const subject = row.repositoryName ?? `registry ${row.account}/${row.region}`;
  return `${subject}: ${row.control} ${row.status}`;
}

function event(row: EvidenceRow, report: SweepReport, time: number): Record<string, unknown> {
  const { run } = report;
  const status = COMPLIANCE_STATUS[row.status];
  const severity = severityOf(row);
  const fsbp = row.frameworks.filter((f) => f.framework === FSBP).map((f) => f.id);
  const config = row.frameworks.filter((f) => f.framework === AWS_CONFIG).map((f) => f.id);
  const partition = row.repositoryArn?.split(':')[1] ?? 'aws';
  const resource =
    row.level === 'repository'
      ? {
          uid: row.repositoryArn,
          name: row.repositoryName,
          type: 'AWS::ECR::Repository',
          region: row.region,
          cloud_partition: partition,
          owner: { account: { uid: row.account, type: 'AWS Account', type_id: 10 } },
          labels: [
            ...(row.team === undefined ? [] : [`team:${row.team}`]),
            `scope:${row.scope ?? 'default'}`,
          ],
        }
      : {
          uid: `${row.account}/${row.region}`,
          name: `ECR registry ${row.account} in ${row.region}`,
          type: 'AWS::ECR::Registry',
          region: row.region,
          owner: { account: { uid: row.account, type: 'AWS Account', type_id: 10 } },
        };
  return {
    category_uid: FINDINGS_CATEGORY,
    category_name: 'Findings',
    class_uid: OCSF_COMPLIANCE_FINDING,
    class_name: 'Compliance Finding',
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    type_uid: OCSF_COMPLIANCE_FINDING * 100 + ACTIVITY_CREATE,
    type_name: 'Compliance Finding: Create',
    time,
    severity_id: severity.id,
    severity: severity.name,
    // The finding's own lifecycle: fixed by this run, or new (to be looked at).
    status_id: row.status === 'remediated' ? 4 : 1,
    status: row.status === 'remediated' ? 'Resolved' : 'New',
    message: row.reason === '' ? titleOf(row) : `${titleOf(row)}: ${row.reason}`,
    metadata: {
      version: OCSF_VERSION,
      profiles: ['cloud'],
      product: { name: run.tool.name, vendor_name: 'ecr-guard', version: run.tool.version },
      log_name: `ecr-guard ${run.command}`,
    },
    cloud: { provider: 'AWS', region: row.region, account: { uid: row.account, type_id: 10 } },
    finding_info: {
      uid: resultUid(row),
      title: titleOf(row),
      desc: row.reason === '' ? `${row.control} passes the ecr-guard standard` : row.reason,
      types: ['Software and Configuration Checks/AWS Security Best Practices'],
      created_time: time,
    },
    compliance: {
      control: fsbp[0] ?? row.control,
      standards:
        fsbp.length > 0 ? ['AWS Foundational Security Best Practices v1.0.0'] : ['ecr-guard'],
      ...(config.length === 0 ? {} : { requirements: config }),
      status: status.name,
      status_id: status.id,
      status_code: row.status,
      ...(row.reason === '' ? {} : { status_detail: row.reason }),
    },
    resources: [resource],
    ...(row.fix.length === 0
      ? {}
      : { remediation: { desc: row.fix.map((f) => `${f.action}\n${f.change}`).join('\n') } }),
    unmapped: {
      ecr_guard: {
        control: row.control,
        status: row.status,
        level: row.level,
        ...(row.frameworkNote === undefined ? {} : { framework_note: row.frameworkNote }),
        standard_source: run.standard.source,
        standard_sha256: run.standard.sha256,
        ...(run.caller === undefined ? {} : { caller: run.caller }),
        started_at: run.startedAt,
        duration_ms: run.durationMs,
        ...(row.fix.length === 0 ? {} : { fix: row.fix }),
      },
    },
  };
}

/**
 * The report as OCSF Compliance Finding events (class 2003), one JSON object a line: one per
 * repository and control (`pass` included), per registry result, and per account/region
 * that could not be read (`compliance.status` Warning). The run header travels in each
 * event's `metadata` and `unmapped.ecr_guard`.
 *
 * @example
 * ```ts
 * for (const line of renderOcsf(report).trim().split('\n')) JSON.parse(line).class_uid; // 2003
 * ```
 */
export function renderOcsf(report: SweepReport): string {
  const time = Date.parse(report.run.finishedAt);
  const lines = evidenceRows(report).map((row) => JSON.stringify(event(row, report, time)));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
