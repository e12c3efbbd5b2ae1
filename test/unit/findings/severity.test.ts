import { describe, expect, it } from 'vitest';
import type { Severity } from '#lib/events/index.ts';
import {
  compareSeverity,
  findingSeverity,
  isAtOrAbove,
  normalizeSeverity,
  severitiesAtOrAbove,
} from '#lib/findings/index.ts';

describe('Function: normalizeSeverity', () => {
  it.each([
    // Basic scanning (ECR FindingSeverity)
    ['CRITICAL', 'CRITICAL'],
    ['HIGH', 'HIGH'],
    ['MEDIUM', 'MEDIUM'],
    ['LOW', 'LOW'],
    ['INFORMATIONAL', 'INFORMATIONAL'],
    ['UNDEFINED', 'UNDEFINED'],
    // Inspector
    ['UNTRIAGED', 'UNDEFINED'],
    // Vendor free text, as Inspector relays it
    ['critical', 'CRITICAL'],
    ['Important', 'HIGH'],
    ['moderate', 'MEDIUM'],
    ['low', 'LOW'],
    ['negligible', 'INFORMATIONAL'],
    ['unimportant', 'INFORMATIONAL'],
    ['  High ', 'HIGH'],
    ['not yet assigned', 'UNDEFINED'],
    ['SEVERE', 'UNDEFINED'],
    ['constructor', 'UNDEFINED'],
    ['', 'UNDEFINED'],
  ] as const)('maps %j to %s', (reported, expected) => {
    // Act
    const severity = normalizeSeverity(reported);

    // Assess
    expect(severity).toBe(expected);
  });

  it('maps an absent severity to UNDEFINED rather than failing', () => {
    expect(normalizeSeverity(undefined)).toBe('UNDEFINED');
    expect(normalizeSeverity(null)).toBe('UNDEFINED');
  });
});

describe('Function: findingSeverity', () => {
  it("keeps the scanner's own known severity over the vendor's", () => {
    expect(findingSeverity('MEDIUM', 'critical')).toBe('MEDIUM');
  });

  it("falls back to the vendor's severity when Inspector left the finding UNTRIAGED", () => {
    expect(findingSeverity('UNTRIAGED', 'important')).toBe('HIGH');
  });

  it('ranks a finding nobody rated as UNDEFINED, keeping it', () => {
    expect(findingSeverity('UNTRIAGED', 'not yet assigned')).toBe('UNDEFINED');
  });
});

describe('Function: isAtOrAbove', () => {
  it.each([
    ['CRITICAL', 'HIGH', true],
    ['HIGH', 'HIGH', true],
    ['MEDIUM', 'HIGH', false],
    ['UNDEFINED', 'LOW', false],
    ['UNDEFINED', 'UNDEFINED', true],
    ['INFORMATIONAL', 'UNDEFINED', true],
  ] as const)('%s at or above %s: %s', (severity, threshold, expected) => {
    expect(isAtOrAbove(severity, threshold)).toBe(expected);
  });
});

describe('Function: compareSeverity', () => {
  it('orders severities highest first, UNDEFINED last', () => {
    // Prepare
    const shuffled: Severity[] = [
      'LOW',
      'UNDEFINED',
      'CRITICAL',
      'INFORMATIONAL',
      'HIGH',
      'MEDIUM',
    ];

    // Act
    const sorted = [...shuffled].sort(compareSeverity);

    // Assess
    expect(sorted).toEqual(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED']);
  });
});

describe('Function: severitiesAtOrAbove', () => {
  it('lists the threshold and everything above it', () => {
    expect(severitiesAtOrAbove('MEDIUM')).toEqual(['CRITICAL', 'HIGH', 'MEDIUM']);
  });
});
