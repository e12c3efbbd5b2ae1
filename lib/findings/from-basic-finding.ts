/**
 * ECR basic scanning findings (`imageScanFindings.findings`) as {@link Finding}s.
 *
 * @module
 */
import type { Finding } from './finding.ts';
import { findingSeverity } from './severity.ts';
import { advisoryLink, isWebLink } from './vulnerability-link.ts';

/**
 * The fields of an ECR `ImageScanFinding` ecr-guard reads. The SDK's type fits, and so does
 * the JSON of a saved response.
 */
export interface BasicFindingInput {
  name?: string | undefined;
  description?: string | undefined;
  uri?: string | undefined;
  severity?: string | undefined;
  attributes?: ReadonlyArray<{ key?: string | undefined; value?: string | undefined }> | undefined;
}

function attribute(finding: BasicFindingInput, key: string): string | undefined {
  const value = finding.attributes?.find((candidate) => candidate.key === key)?.value?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function score(finding: BasicFindingInput): number | undefined {
  for (const key of ['CVSS3_SCORE', 'CVSS2_SCORE']) {
    const text = attribute(finding, key);
    const value = text === undefined ? Number.NaN : Number(text);
    if (Number.isFinite(value)) return value;
  }
  return undefined;
}

function firstLine(text: string | undefined): string | undefined {
  const line = text?.trim().split(/\r?\n/, 1)[0]?.trim();
  return line === undefined || line === '' ? undefined : line;
}

/**
 * Reads one basic scanning finding. Basic scanning names no fixed version.
 *
 * @param input - the finding as ECR returns it
 * @returns the finding; `id` is the finding's name (a CVE id), or `unnamed finding`
 *
 * @example
 * ```ts
 * fromBasicFinding({
 *   name: 'CVE-2019-5188',
 *   severity: 'MEDIUM',
 *   uri: 'http://people.ubuntu.com/~ubuntu-security/cve/CVE-2019-5188',
 *   attributes: [
 *     { key: 'package_name', value: 'e2fsprogs' },
 *     { key: 'package_version', value: '1.44.1-1ubuntu1.1' },
 *     { key: 'CVSS2_SCORE', value: '4.6' },
 *   ],
 * });
 * // { id: 'CVE-2019-5188', severity: 'MEDIUM', packageName: 'e2fsprogs', installedVersion: '1.44.1-1ubuntu1.1', score: 4.6, link: '…' }
 * ```
 */
export function fromBasicFinding(input: BasicFindingInput): Finding {
  const id = input.name?.trim() || 'unnamed finding';
  const severity = findingSeverity(input.severity);
  const finding: Finding = { id, severity };
  if (input.severity !== undefined && input.severity !== severity) {
    finding.reportedSeverity = input.severity;
  }
  const title = firstLine(input.description);
  if (title !== undefined) finding.title = title;
  const packageName = attribute(input, 'package_name');
  if (packageName !== undefined) finding.packageName = packageName;
  const installedVersion = attribute(input, 'package_version');
  if (installedVersion !== undefined) finding.installedVersion = installedVersion;
  const value = score(input);
  if (value !== undefined) finding.score = value;
  const link = isWebLink(input.uri) ? input.uri : advisoryLink(id);
  if (link !== undefined) finding.link = link;
  return finding;
}
