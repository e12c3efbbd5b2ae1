/**
 * What an image's dedupe record keeps of everything alerted for it, in bounded size: per
 * finding a 45-bit hash of its key and its severity, packed in 6 bytes, at most
 * {@link MAX_STORED_FINDINGS} of them. 60,000 findings take 360,000 bytes, within DynamoDB's
 * 400 KB (409,600 bytes) item limit with room for the rest of the record; the finding keys
 * themselves (`CVE-… package`) took about 50 bytes each and broke the limit at about 8,000.
 *
 * A new finding is missed only if its hash equals one of the stored ones: with 60,000
 * stored, a chance of 60,000 / 2⁴⁵ ≈ 2·10⁻⁹ per new finding.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { SEVERITIES, type Severity } from '#lib/events/guard-event.ts';
import type { AlertedSet } from './alerted-set.ts';

/** Most findings a record keeps; beyond, the least severe are counted in `overflow` only. */
export const MAX_STORED_FINDINGS = 60_000;

/** Bytes per stored finding. */
export const STORED_FINDING_BYTES = 6;

/** The alerted findings of an image, as its record keeps them. */
export interface StoredAlertedSet {
  /** Finding hash ({@link findingHash}) → the highest severity it was alerted at. */
  entries: ReadonlyMap<number, Severity>;
  /**
   * At least how many alerted findings are not kept, beyond the cap (the least severe go
   * first). A finding not kept is never alerted again as new: one that is not found among
   * the entries is new only when it is more severe than the least severe entry.
   */
  overflow: number;
}

const RANK: ReadonlyMap<Severity, number> = new Map(SEVERITIES.map((s, i) => [s, i]));

function rankOf(severity: Severity): number {
  return RANK.get(severity) ?? SEVERITIES.length - 1;
}

/**
 * The 45-bit hash a record keeps for a finding key.
 *
 * @example
 * ```ts
 * findingHash('CVE-2024-1 openssl'); // a number below 2 ** 45
 * ```
 */
export function findingHash(key: string): number {
  // The first 48 bits of SHA-256, less 3: a stored entry is the hash and 3 bits of severity.
  return Math.floor(
    createHash('sha256').update(key).digest().readUIntBE(0, STORED_FINDING_BYTES) / 8,
  );
}

function hashed(current: AlertedSet): Map<number, Severity> {
  const entries = new Map<number, Severity>();
  for (const [key, severity] of current) {
    const hash = findingHash(key);
    const known = entries.get(hash);
    if (known === undefined || rankOf(severity) < rankOf(known)) entries.set(hash, severity);
  }
  return entries;
}

function leastSevereRank(entries: ReadonlyMap<number, Severity>): number {
  let least = -1;
  for (const severity of entries.values()) least = Math.max(least, rankOf(severity));
  return least;
}

/**
 * What `current` alerts for that `stored` does not: a finding not alerted before, or one whose
 * severity went up.
 *
 * @returns the new keys of `current`, sorted
 *
 * @example
 * ```ts
 * newlyAlertedSince(storedAlertedSet(new Map([['CVE-1', 'HIGH']])), new Map([['CVE-1', 'CRITICAL'], ['CVE-2', 'HIGH']]));
 * // ['CVE-1', 'CVE-2']
 * ```
 */
export function newlyAlertedSince(stored: StoredAlertedSet, current: AlertedSet): string[] {
  const least = leastSevereRank(stored.entries);
  const fresh: string[] = [];
  for (const [key, severity] of current) {
    const before = stored.entries.get(findingHash(key));
    if (before === undefined) {
      // Beyond the cap, a finding as mild as the mildest kept may be one of those dropped.
      if (stored.overflow > 0 && rankOf(severity) >= least) continue;
      fresh.push(key);
    } else if (rankOf(severity) < rankOf(before)) {
      fresh.push(key);
    }
  }
  return fresh.sort();
}

/**
 * Everything alerted so far: `stored` (if any) and `current`, each finding at the highest
 * severity it was alerted at, cut to {@link MAX_STORED_FINDINGS} (the most severe kept).
 *
 * @example
 * ```ts
 * const stored = storedAlertedSet(new Map([['CVE-1', 'HIGH']]));
 * storedAlertedSet(new Map([['CVE-2', 'CRITICAL']]), stored).entries.size; // 2
 * ```
 */
export function storedAlertedSet(
  current: AlertedSet,
  stored?: StoredAlertedSet,
  max: number = MAX_STORED_FINDINGS,
): StoredAlertedSet {
  const merged = new Map(stored?.entries ?? []);
  for (const [hash, severity] of hashed(current)) {
    const before = merged.get(hash);
    if (before === undefined || rankOf(severity) < rankOf(before)) merged.set(hash, severity);
  }
  const overflow = stored?.overflow ?? 0;
  if (merged.size <= max) return { entries: merged, overflow };
  const kept = [...merged].sort(([ha, sa], [hb, sb]) => rankOf(sa) - rankOf(sb) || ha - hb);
  return { entries: new Map(kept.slice(0, max)), overflow: overflow + kept.length - max };
}

/**
 * The entries packed for the record: 6 bytes each (hash × 8 + severity rank), big-endian,
 * sorted.
 *
 * @example
 * ```ts
 * encodeStoredEntries(storedAlertedSet(new Map([['CVE-1', 'HIGH']])).entries).length; // 6
 * ```
 */
export function encodeStoredEntries(entries: ReadonlyMap<number, Severity>): Uint8Array {
  const values = [...entries].map(([hash, severity]) => hash * 8 + rankOf(severity));
  values.sort((a, b) => a - b);
  const bytes = Buffer.alloc(values.length * STORED_FINDING_BYTES);
  values.forEach((value, i) => {
    bytes.writeUIntBE(value, i * STORED_FINDING_BYTES, STORED_FINDING_BYTES);
  });
  return bytes;
}

/**
 * Reads packed entries back; a trailing partial entry, or an unknown severity rank, is
 * skipped (a damaged record then alerts again rather than block alerts).
 *
 * @example
 * ```ts
 * decodeStoredEntries(encodeStoredEntries(entries)); // equal to entries
 * ```
 */
export function decodeStoredEntries(bytes: Uint8Array): Map<number, Severity> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = new Map<number, Severity>();
  for (let offset = 0; offset + STORED_FINDING_BYTES <= buffer.length; ) {
    const value = buffer.readUIntBE(offset, STORED_FINDING_BYTES);
    offset += STORED_FINDING_BYTES;
    const severity = SEVERITIES[value % 8];
    if (severity !== undefined) entries.set(Math.floor(value / 8), severity);
  }
  return entries;
}
