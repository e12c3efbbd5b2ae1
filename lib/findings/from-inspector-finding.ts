/**
 * Inspector findings — from `inspector2:ListFindings`, or ECR's `enhancedFindings` (the same
 * finding, relayed by ECR) — as {@link Finding}s.
 *
 * @module
 */
import type { Severity } from '#lib/events/index.ts';
import type { Finding } from './finding.ts';
import { findingSeverity, normalizeSeverity } from './severity.ts';
import { toIsoTimestamp } from './timestamp.ts';
import { advisoryLink, isWebLink } from './vulnerability-link.ts';

/** What Inspector writes when no fixed version is known. */
const NO_FIXED_VERSION = new Set(['', 'NOTAVAILABLE', 'NOT_AVAILABLE', 'NONE']);

export interface VulnerablePackageInput {
  name?: string | undefined;
  version?: string | undefined;
  release?: string | undefined;
  epoch?: number | undefined;
  fixedInVersion?: string | undefined;
}

/**
 * The fields of an Inspector finding ecr-guard reads. The SDK types of both
 * `inspector2.Finding` and `ecr.EnhancedImageScanFinding` fit, and so does saved JSON
 * (timestamps are read in any form).
 */
export interface InspectorFindingInput {
  findingArn?: string | undefined;
  title?: string | undefined;
  severity?: string | undefined;
  /** `ecr.EnhancedImageScanFinding` */
  score?: number | undefined;
  /** `inspector2.Finding` */
  inspectorScore?: number | undefined;
  /** `inspector2.Finding`: `YES`, `NO` or `PARTIAL`. */
  fixAvailable?: string | undefined;
  /** `inspector2.Finding`: `YES` or `NO`. */
  exploitAvailable?: string | undefined;
  packageVulnerabilityDetails?:
    | {
        vulnerabilityId?: string | undefined;
        vendorSeverity?: string | undefined;
        sourceUrl?: string | undefined;
        referenceUrls?: readonly string[] | undefined;
        cvss?: ReadonlyArray<{ baseScore?: number | undefined }> | undefined;
        vulnerablePackages?: readonly VulnerablePackageInput[] | undefined;
      }
    | undefined;
  resources?:
    | ReadonlyArray<{
        details?: { awsEcrContainerImage?: { pushedAt?: unknown } | undefined } | undefined;
      }>
    | undefined;
}

function installedVersion(pkg: VulnerablePackageInput): string | undefined {
  if (pkg.version === undefined || pkg.version === '') return undefined;
  const epoch = pkg.epoch !== undefined && pkg.epoch > 0 ? `${pkg.epoch}:` : '';
  const release = pkg.release === undefined || pkg.release === '' ? '' : `-${pkg.release}`;
  return `${epoch}${pkg.version}${release}`;
}

function fixedInVersion(pkg: VulnerablePackageInput): string | undefined {
  const fixed = pkg.fixedInVersion?.trim();
  if (fixed === undefined || NO_FIXED_VERSION.has(fixed.toUpperCase())) return undefined;
  return fixed;
}

/** The texts behind `severity`, when they are not just `severity` itself. */
function reportedSeverity(
  own: string | undefined,
  vendor: string | undefined,
  severity: Severity,
): string | undefined {
  if (own === severity) return undefined;
  const usedVendor = normalizeSeverity(own) === 'UNDEFINED' && vendor !== undefined;
  if (!usedVendor) return own;
  return own === undefined ? `vendor: ${vendor}` : `${own}, vendor: ${vendor}`;
}

function scoreOf(input: InspectorFindingInput): number | undefined {
  const candidates = [
    input.inspectorScore,
    input.score,
    ...(input.packageVulnerabilityDetails?.cvss ?? []).map((cvss) => cvss.baseScore),
  ];
  return candidates.find((value): value is number => Number.isFinite(value));
}

function linkOf(input: InspectorFindingInput, id: string): string | undefined {
  const details = input.packageVulnerabilityDetails;
  const candidates = [details?.sourceUrl, ...(details?.referenceUrls ?? [])];
  return candidates.find(isWebLink) ?? advisoryLink(id);
}

/**
 * Reads one Inspector finding: one {@link Finding} per vulnerable package (usually one), or
 * one without a package when Inspector names none.
 *
 * @param input - the finding as Inspector (or ECR's `enhancedFindings`) returns it
 * @returns the findings
 *
 * @example
 * ```ts
 * fromInspectorFinding({
 *   severity: 'HIGH',
 *   score: 8.1,
 *   title: 'CVE-2022-49043 - libxml2',
 *   packageVulnerabilityDetails: {
 *     vulnerabilityId: 'CVE-2022-49043',
 *     vulnerablePackages: [{ name: 'libxml2', version: '2.9.14+dfsg', release: '1.3~deb12u1', fixedInVersion: 'NotAvailable' }],
 *   },
 * });
 * // [{ id: 'CVE-2022-49043', severity: 'HIGH', packageName: 'libxml2', installedVersion: '2.9.14+dfsg-1.3~deb12u1', score: 8.1, … }]
 * ```
 */
export function fromInspectorFinding(input: InspectorFindingInput): Finding[] {
  const details = input.packageVulnerabilityDetails;
  const id =
    details?.vulnerabilityId?.trim() ||
    input.title?.trim() ||
    input.findingArn?.trim() ||
    'unnamed finding';
  const severity = findingSeverity(input.severity, details?.vendorSeverity);
  const base: Finding = { id, severity };
  const reported = reportedSeverity(input.severity, details?.vendorSeverity, severity);
  if (reported !== undefined) base.reportedSeverity = reported;
  const title = input.title?.trim();
  if (title) base.title = title;
  const score = scoreOf(input);
  if (score !== undefined) base.score = score;
  const link = linkOf(input, id);
  if (link !== undefined) base.link = link;
  const exploit = input.exploitAvailable?.toUpperCase();
  if (exploit === 'YES' || exploit === 'NO') base.exploitAvailable = exploit === 'YES';
  const fix = input.fixAvailable?.toUpperCase();
  if (fix === 'YES' || fix === 'PARTIAL' || fix === 'NO') base.fixAvailable = fix !== 'NO';

  const packages = details?.vulnerablePackages ?? [];
  if (packages.length === 0) return [base];
  return packages.map((pkg) => {
    const finding: Finding = { ...base };
    if (pkg.name) finding.packageName = pkg.name;
    const installed = installedVersion(pkg);
    if (installed !== undefined) finding.installedVersion = installed;
    const fixed = fixedInVersion(pkg);
    if (fixed !== undefined) finding.fixedInVersion = fixed;
    return finding;
  });
}

/**
 * When the image was pushed, as Inspector records it on the finding's resource.
 *
 * @param findings - Inspector findings of one image
 * @returns the ISO-8601 time, or `undefined` when no finding says
 *
 * @example
 * ```ts
 * pushedAtOf(page.findings ?? []); // '2025-05-27T17:53:50.554Z'
 * ```
 */
export function pushedAtOf(findings: readonly InspectorFindingInput[]): string | undefined {
  for (const finding of findings) {
    for (const resource of finding.resources ?? []) {
      const pushedAt = toIsoTimestamp(resource.details?.awsEcrContainerImage?.pushedAt);
      if (pushedAt !== undefined) return pushedAt;
    }
  }
  return undefined;
}
