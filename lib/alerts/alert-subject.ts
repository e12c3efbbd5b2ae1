/**
 * The SNS `Subject` of an alert: one readable line, e.g.
 * `[CRITICAL] payments-api:v1.2.3 - 3 critical, 5 high`.
 *
 * @module
 */
import { SEVERITIES } from '#lib/events/guard-event.ts';
import { truncateText } from '#lib/text/index.ts';
import type { Alert } from './alert-schema.ts';

/** SNS: subjects must be less than 100 characters. */
export const SNS_SUBJECT_MAX_LENGTH = 99;
/** How much of the image reference a long subject keeps at least. */
const MIN_IMAGE_REFERENCE_LENGTH = 24;
/** Characters of the digest shown when the image has no tag. */
const SHORT_DIGEST_LENGTH = 12;

/**
 * Makes text safe for a subject: printable ASCII only (SNS refuses line breaks and control
 * characters, and email subscribers need ASCII), runs of spaces collapsed.
 */
function asciiLine(text: string): string {
  return text
    .replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * How an image is named to people: `repository:first-tag`, or `repository@sha256:` and the
 * first 12 digits of the digest when it has no tag.
 *
 * @example
 * ```ts
 * imageReference({
 *   repository: { name: 'payments-api', arn: 'arn:aws:ecr:us-east-1:123456789012:repository/payments-api' },
 *   image: { tags: ['v1.2.3'], digest: 'sha256:…' },
 * });
 * // 'payments-api:v1.2.3'
 * ```
 */
export function imageReference(
  alert: Pick<Alert, 'repository'> & { image: Pick<Alert['image'], 'tags' | 'digest'> },
): string {
  const tag = alert.image.tags[0];
  if (tag !== undefined) return `${alert.repository.name}:${tag}`;
  const [algorithm = 'sha256', hex = alert.image.digest] = alert.image.digest.split(':', 2);
  return `${alert.repository.name}@${algorithm}:${hex.slice(0, SHORT_DIGEST_LENGTH)}`;
}

/**
 * Counts of the alerted severities, highest first: `3 critical, 5 high`.
 *
 * @example
 * ```ts
 * alertedCountsText(alert); // '3 critical, 5 high'
 * ```
 */
export function alertedCountsText(alert: Pick<Alert, 'severityCounts' | 'minSeverity'>): string {
  const parts: string[] = [];
  for (const severity of SEVERITIES) {
    const count = alert.severityCounts[severity];
    if (count > 0) parts.push(`${count} ${severity.toLowerCase()}`);
    if (severity === alert.minSeverity) break;
  }
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

function whatIsNew(alert: Alert): string {
  if (alert.newCount === 1) {
    const [first] = alert.findings.filter((finding) => finding.new);
    if (first !== undefined) return `1 new: ${first.id}`;
  }
  return `${alert.newCount} new`;
}

/**
 * The alert's SNS subject: under 100 characters, one line of printable ASCII, starting with
 * the severity. An update says how many findings are new (and names a single one). When it
 * does not fit, the image reference is shortened first, then the end of the line.
 *
 * @param alert - the alert
 * @returns the subject
 *
 * @example
 * ```ts
 * alertSubject(alert); // '[CRITICAL] payments-api:v1.2.3 - 3 critical, 5 high'
 * alertSubject(update); // '[HIGH] payments-api:v1.2.3 - 1 new: CVE-2024-1234 (3 critical, 5 high)'
 * ```
 */
export function alertSubject(alert: Alert): string {
  const prefix = `[${alert.severity}] `;
  const counts = alertedCountsText(alert);
  const summary = asciiLine(alert.kind === 'update' ? `${whatIsNew(alert)} (${counts})` : counts);
  const separator = ' - ';
  const reference = asciiLine(imageReference(alert));
  const room = SNS_SUBJECT_MAX_LENGTH - prefix.length - separator.length - summary.length;
  const fitted = truncateText(reference, Math.max(room, MIN_IMAGE_REFERENCE_LENGTH), '...');
  return truncateText(`${prefix}${fitted}${separator}${summary}`, SNS_SUBJECT_MAX_LENGTH, '...');
}
