import { describe, expect, it } from 'vitest';
import { toSeverityCounts } from '#lib/events/severity-counts.ts';

const ZERO = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0, UNDEFINED: 0 };

describe('Function: toSeverityCounts', () => {
  it.each([
    ['absent counts', undefined, ZERO],
    ['null counts', null, ZERO],
    [
      'only non-zero ECR severities',
      { CRITICAL: 10, MEDIUM: 9 },
      { ...ZERO, CRITICAL: 10, MEDIUM: 9 },
    ],
    [
      "Inspector's counts with TOTAL",
      { CRITICAL: 7, HIGH: 61, MEDIUM: 62, TOTAL: 158 },
      { ...ZERO, CRITICAL: 7, HIGH: 61, MEDIUM: 62 },
    ],
    ["Inspector's UNTRIAGED", { UNTRIAGED: 4 }, { ...ZERO, UNDEFINED: 4 }],
    [
      "ECR's UNDEFINED",
      { UNDEFINED: 1, INFORMATIONAL: 2 },
      { ...ZERO, UNDEFINED: 1, INFORMATIONAL: 2 },
    ],
    ['a severity it does not know', { SEVERE: 3, UNTRIAGED: 1 }, { ...ZERO, UNDEFINED: 4 }],
    ['a key named like an Object property', { constructor: 2 }, { ...ZERO, UNDEFINED: 2 }],
    ['lowercase names', { high: 2, total: 2 }, { ...ZERO, HIGH: 2 }],
  ])('maps %s', (_case, reported, expected) => {
    // Act
    const counts = toSeverityCounts(reported);

    // Assess
    expect(counts).toStrictEqual(expected);
  });
});
