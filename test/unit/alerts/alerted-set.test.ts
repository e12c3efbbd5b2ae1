import { describe, expect, it } from 'vitest';
import { alertedSetOf, mergeAlertedSets, newlyAlerted } from '#lib/alerts/index.ts';
import type { Severity } from '#lib/events/index.ts';

const set = (entries: [string, Severity][]): Map<string, Severity> => new Map(entries);

describe('Function: alertedSetOf', () => {
  it('keys findings by id and package, at their highest severity, at or above the threshold', () => {
    // Act
    const alerted = alertedSetOf(
      [
        { id: 'CVE-1', severity: 'HIGH', packageName: 'openssl' },
        { id: 'CVE-1', severity: 'CRITICAL', packageName: 'openssl' },
        { id: 'CVE-1', severity: 'HIGH', packageName: 'libssl' },
        { id: 'CVE-2', severity: 'MEDIUM' },
      ],
      'HIGH',
    );

    // Assess
    expect([...alerted]).toEqual([
      ['CVE-1 openssl', 'CRITICAL'],
      ['CVE-1 libssl', 'HIGH'],
    ]);
  });
});

describe('Function: newlyAlerted', () => {
  it('finds nothing new in the same set', () => {
    expect(newlyAlerted(set([['CVE-1', 'HIGH']]), set([['CVE-1', 'HIGH']]))).toEqual([]);
  });

  it('finds an added finding', () => {
    expect(
      newlyAlerted(
        set([['CVE-1', 'HIGH']]),
        set([
          ['CVE-1', 'HIGH'],
          ['CVE-2', 'HIGH'],
        ]),
      ),
    ).toEqual(['CVE-2']);
  });

  it('finds a finding whose severity went up', () => {
    expect(newlyAlerted(set([['CVE-1', 'HIGH']]), set([['CVE-1', 'CRITICAL']]))).toEqual(['CVE-1']);
  });

  it('finds nothing new when findings went away or down', () => {
    expect(
      newlyAlerted(
        set([
          ['CVE-1', 'CRITICAL'],
          ['CVE-2', 'HIGH'],
        ]),
        set([['CVE-1', 'HIGH']]),
      ),
    ).toEqual([]);
  });
});

describe('Function: mergeAlertedSets', () => {
  it('keeps everything alerted, each at its highest severity', () => {
    expect([
      ...mergeAlertedSets(
        set([
          ['CVE-1', 'CRITICAL'],
          ['CVE-3', 'HIGH'],
        ]),
        set([
          ['CVE-1', 'HIGH'],
          ['CVE-2', 'HIGH'],
        ]),
      ),
    ]).toEqual([
      ['CVE-1', 'CRITICAL'],
      ['CVE-3', 'HIGH'],
      ['CVE-2', 'HIGH'],
    ]);
  });
});
