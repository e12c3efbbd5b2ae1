/**
 * The alert fingerprint: account, region, repository, digest and the sorted set of
 * (finding, severity) at or above the threshold. The same scan result gives the same
 * fingerprint whatever order the scanner lists findings in.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { AlertedSet } from './alerted-set.ts';

/** The image an alert is about. */
export interface AlertSubject {
  account: string;
  region: string;
  repositoryName: string;
  imageDigest: string;
}

/**
 * Computes the fingerprint.
 *
 * @param subject - the image
 * @param alerted - the (finding key, severity) set at or above the threshold
 * @returns `sha256:` and 64 hex digits
 *
 * @example
 * ```ts
 * alertFingerprint(
 *   { account: '123456789012', region: 'us-east-1', repositoryName: 'app', imageDigest: 'sha256:…' },
 *   new Map([['CVE-2024-1 openssl', 'CRITICAL']]),
 * ); // 'sha256:…'
 * ```
 */
export function alertFingerprint(subject: AlertSubject, alerted: AlertedSet): string {
  const pairs = [...alerted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // JSON, not a joined string: no finding id can be mistaken for a separator.
  const canonical = JSON.stringify([
    subject.account,
    subject.region,
    subject.repositoryName,
    subject.imageDigest,
    pairs,
  ]);
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}
