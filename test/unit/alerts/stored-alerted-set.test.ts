import { describe, expect, it } from 'vitest';
import {
  decodeStoredEntries,
  encodeStoredEntries,
  findingHash,
  MAX_STORED_FINDINGS,
  newlyAlertedSince,
  STORED_FINDING_BYTES,
  storedAlertedSet,
} from '#lib/alerts/stored-alerted-set.ts';
import type { Severity } from '#lib/events/index.ts';

/** `count` finding keys like the scanners' (`CVE-… package`). */
function keys(count: number, prefix = 'CVE-2024'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(5, '0')} openssl`);
}

function alertedOf(entries: [string, Severity][]): Map<string, Severity> {
  return new Map(entries);
}

describe('Module: stored-alerted-set', () => {
  describe('Function: findingHash', () => {
    it('gives a stable 45-bit number', () => {
      // Act
      const hashes = keys(1_000).map(findingHash);

      // Assess
      expect(findingHash('CVE-2024-1 openssl')).toBe(findingHash('CVE-2024-1 openssl'));
      for (const hash of hashes) {
        expect(Number.isSafeInteger(hash)).toBe(true);
        expect(hash).toBeGreaterThanOrEqual(0);
        expect(hash).toBeLessThan(2 ** 45);
      }
      expect(new Set(hashes).size).toBe(1_000);
    });
  });

  describe('Function: newlyAlertedSince', () => {
    it('names the findings not alerted before, and those whose severity went up', () => {
      // Prepare
      const stored = storedAlertedSet(
        alertedOf([
          ['CVE-1', 'HIGH'],
          ['CVE-3', 'CRITICAL'],
        ]),
      );

      // Act
      const fresh = newlyAlertedSince(
        stored,
        alertedOf([
          ['CVE-1', 'CRITICAL'],
          ['CVE-2', 'HIGH'],
          ['CVE-3', 'HIGH'],
        ]),
      );

      // Assess
      expect(fresh).toEqual(['CVE-1', 'CVE-2']);
    });
  });

  describe('Function: storedAlertedSet', () => {
    it('keeps the union, each finding at its highest severity', () => {
      // Act
      const merged = storedAlertedSet(
        alertedOf([
          ['CVE-1', 'HIGH'],
          ['CVE-2', 'HIGH'],
        ]),
        storedAlertedSet(alertedOf([['CVE-1', 'CRITICAL']])),
      );

      // Assess
      expect(merged.entries).toEqual(
        new Map([
          [findingHash('CVE-1'), 'CRITICAL'],
          [findingHash('CVE-2'), 'HIGH'],
        ]),
      );
      expect(merged.overflow).toBe(0);
    });

    it('keeps 50,000 findings exactly, in 300,000 bytes: within DynamoDB’s 400 KB item limit', () => {
      // Prepare
      const alerted = new Map(keys(50_000).map((k): [string, Severity] => [k, 'HIGH']));

      // Act
      const stored = storedAlertedSet(alerted);
      const bytes = encodeStoredEntries(stored.entries);

      // Assess
      expect(stored.entries.size).toBe(50_000);
      expect(stored.overflow).toBe(0);
      expect(bytes.length).toBe(50_000 * STORED_FINDING_BYTES);
      expect(bytes.length).toBe(300_000);
      expect(
        encodeStoredEntries(
          storedAlertedSet(
            new Map(keys(MAX_STORED_FINDINGS).map((k): [string, Severity] => [k, 'HIGH'])),
          ).entries,
        ).length,
      ).toBeLessThan(400 * 1024 - 40_000);
      expect(newlyAlertedSince(stored, alerted)).toEqual([]);
    });

    it('beyond the cap keeps the most severe, counts the rest, and never alerts those again', () => {
      // Prepare: 5 CRITICAL and 10 MEDIUM findings, a cap of 8.
      const critical = keys(5, 'CVE-C').map((k): [string, Severity] => [k, 'CRITICAL']);
      const medium = keys(10, 'CVE-M').map((k): [string, Severity] => [k, 'MEDIUM']);
      const alerted = new Map([...critical, ...medium]);

      // Act
      const stored = storedAlertedSet(alerted, undefined, 8);

      // Assess
      expect(stored.entries.size).toBe(8);
      expect(stored.overflow).toBe(7);
      for (const [key] of critical) expect(stored.entries.get(findingHash(key))).toBe('CRITICAL');
      // The same scan again is nothing new; a new MEDIUM cannot be told from a dropped one,
      // a new CRITICAL can.
      expect(newlyAlertedSince(stored, alerted)).toEqual([]);
      expect(newlyAlertedSince(stored, new Map([['CVE-new', 'MEDIUM']]))).toEqual([]);
      expect(newlyAlertedSince(stored, new Map([['CVE-new', 'CRITICAL']]))).toEqual(['CVE-new']);
    });

    it('caps at MAX_STORED_FINDINGS by default', () => {
      // Act
      const stored = storedAlertedSet(
        new Map(keys(MAX_STORED_FINDINGS + 10).map((k): [string, Severity] => [k, 'HIGH'])),
      );

      // Assess
      expect(stored.entries.size).toBe(MAX_STORED_FINDINGS);
      expect(stored.overflow).toBe(10);
    });
  });

  describe('Functions: encodeStoredEntries, decodeStoredEntries', () => {
    it('round-trips every severity', () => {
      // Prepare
      const severities: Severity[] = [
        'CRITICAL',
        'HIGH',
        'MEDIUM',
        'LOW',
        'INFORMATIONAL',
        'UNDEFINED',
      ];
      const entries = new Map(severities.map((s, i) => [findingHash(`CVE-${i}`), s]));

      // Act / Assess
      expect(decodeStoredEntries(encodeStoredEntries(entries))).toEqual(entries);
    });

    it('skips a trailing partial entry', () => {
      // Prepare
      const bytes = encodeStoredEntries(new Map([[findingHash('CVE-1'), 'HIGH' as Severity]]));

      // Act / Assess
      expect(decodeStoredEntries(Buffer.concat([bytes, Buffer.from([1, 2])])).size).toBe(1);
    });
  });
});
