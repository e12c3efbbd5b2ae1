import type {
  AwsSecurityFinding,
  ComplianceStatus,
  Partition,
  SeverityLabel,
} from '@aws-sdk/client-securityhub';
import {
  type EvidenceRow,
  evidenceRows,
  failedSeverity,
  type ReportControlStatus,
  resultUid,
  type SweepReport,
} from '#lib/report/index.ts';
import { knownRegion } from '#lib/sweep/known-regions.ts';
import { FindingTooLargeError } from './errors.ts';
import { clip, SECURITY_HUB_LIMITS } from './limits.ts';

/** The ASFF version Security Hub accepts. */
export const ASFF_SCHEMA_VERSION = '2018-10-08';
/** Every ecr-guard finding's `GeneratorId` starts with this. */
export const GENERATOR_PREFIX = 'ecr-guard/';
const TYPES = ['Software and Configuration Checks/AWS Security Best Practices'];

/** PASSED, FAILED or NOT_AVAILABLE: FAILED exactly for what is not compliant now. */
export const COMPLIANCE_STATUS_OF: Readonly<Record<ReportControlStatus, ComplianceStatus>> = {
  pass: 'PASSED',
  remediated: 'PASSED',
  // Not compliant, but by an accepted, reported exemption: not a failure to act on.
  exempt: 'PASSED',
  violation: 'FAILED',
  planned: 'FAILED',
  'not-checked': 'NOT_AVAILABLE',
};

/**
 * The product ARN of findings an account imports itself (Security Hub's default product).
 *
 * @example
 * ```ts
 * defaultProductArn('123456789012', 'us-east-1');
 * // 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default'
 * ```
 */
export function defaultProductArn(account: string, region: string): string {
  const partition = knownRegion(region)?.partition ?? 'aws';
  return `arn:${partition}:securityhub:${region}:${account}:product/${account}/default`;
}

function severity(row: EvidenceRow): SeverityLabel {
  const status = COMPLIANCE_STATUS_OF[row.status];
  if (status === 'PASSED') return 'INFORMATIONAL';
  if (status === 'NOT_AVAILABLE') return 'MEDIUM';
  return failedSeverity(row.control);
}

function describe(row: EvidenceRow): string {
  const parts = [
    row.reason === '' ? `${row.control}: compliant with the ecr-guard standard.` : row.reason,
    row.frameworkNote,
    row.fix.length === 0 ? undefined : `Fix: ${row.fix.map((f) => f.action).join(', ')}.`,
  ];
  return clip(parts.filter(Boolean).join(' '), SECURITY_HUB_LIMITS.descriptionLength);
}

function productFields(row: EvidenceRow, report: SweepReport): Record<string, string> {
  const { run } = report;
  const fields: Record<string, string | undefined> = {
    'ecr-guard/control': row.control,
    'ecr-guard/status': row.status,
    'ecr-guard/scope': row.scope,
    'ecr-guard/team': row.team,
    'ecr-guard/frameworks': row.frameworks.map((f) => `${f.framework} ${f.id}`).join('; '),
    'ecr-guard/frameworkNote': row.frameworkNote,
    'ecr-guard/fix': row.fix.map((f) => f.change).join('\n'),
    'ecr-guard/toolVersion': run.tool.version,
    'ecr-guard/standardSha256': run.standard.sha256,
    'ecr-guard/runStartedAt': run.startedAt,
  };
  return Object.fromEntries(
    Object.entries(fields)
      .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
      .map(([k, v]) => [k, clip(v, SECURITY_HUB_LIMITS.productFieldValueLength)]),
  );
}

function toFinding(row: EvidenceRow, report: SweepReport, now: string): AwsSecurityFinding {
  const partition = knownRegion(row.region)?.partition ?? 'aws';
  const label = severity(row);
  const subject = row.repositoryName ?? `${row.account}/${row.region}`;
  const finding: AwsSecurityFinding = {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: resultUid(row),
    ProductArn: defaultProductArn(row.account, row.region),
    ProductName: 'ecr-guard',
    CompanyName: 'ecr-guard',
    GeneratorId: `${GENERATOR_PREFIX}${row.control === '' ? 'sweep' : row.control}`,
    AwsAccountId: row.account,
    Region: row.region,
    Types: TYPES,
    CreatedAt: now,
    UpdatedAt: now,
    Severity: { Label: label },
    FindingProviderFields: { Severity: { Label: label }, Types: TYPES },
    Title: clip(
      row.level === 'account-region'
        ? `ecr-guard could not check ${subject}`
        : `ecr-guard ${row.control}: ${subject}`,
      SECURITY_HUB_LIMITS.titleLength,
    ),
    Description: describe(row),
    Resources:
      row.level === 'repository' && row.repositoryArn !== undefined
        ? [
            {
              Type: 'AwsEcrRepository',
              Id: row.repositoryArn,
              Partition: partition as Partition,
              Region: row.region,
              ...(row.team === undefined ? {} : { Tags: { team: row.team } }),
            },
          ]
        : [
            {
              Type: 'AwsAccount',
              Id: `AWS::::Account:${row.account}`,
              Partition: partition as Partition,
              Region: row.region,
            },
          ],
    Compliance: {
      Status: COMPLIANCE_STATUS_OF[row.status],
      RelatedRequirements: row.frameworks.map((f) => `${f.framework} ${f.id}`),
    },
    ProductFields: productFields(row, report),
    RecordState: 'ACTIVE',
  };
  if (row.fix.length > 0) {
    finding.Remediation = {
      Recommendation: {
        Text: clip(
          `${report.run.command === 'audit' ? 'ecr-guard enforce would make' : 'ecr-guard makes'} ${row.fix.map((f) => f.action).join(', ')}`,
          SECURITY_HUB_LIMITS.recommendationLength,
        ),
      },
    };
  }
  const bytes = Buffer.byteLength(JSON.stringify(finding));
  if (bytes > SECURITY_HUB_LIMITS.bytesPerFinding)
    throw new FindingTooLargeError(finding.Id ?? '', bytes);
  return finding;
}

/**
 * The report's results as ASFF findings for Security Hub, one per repository and control
 * (and per registry result): a stable `Id` per repository and control, so a re-run updates
 * the same finding; `Compliance.Status` PASSED (pass, remediated, exempt), FAILED (violation,
 * planned) or NOT_AVAILABLE (not checked). Accounts/regions that could not be read are left
 * out: what Security Hub holds for them is left alone rather than guessed.
 *
 * @throws {FindingTooLargeError} when a finding is over 240 KB (texts are clipped first).
 * @example
 * ```ts
 * const findings = asffFindings(report, new Date());
 * findings.filter((f) => f.Compliance?.Status === 'FAILED').length; // the violations
 * ```
 */
export function asffFindings(report: SweepReport, now: Date): AwsSecurityFinding[] {
  const at = now.toISOString();
  return evidenceRows(report)
    .filter((row) => row.level !== 'account-region')
    .map((row) => toFinding(row, report, at));
}
