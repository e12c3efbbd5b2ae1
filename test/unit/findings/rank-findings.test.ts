import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '#lib/events/index.ts';
import { type Finding, rankFindings } from '#lib/findings/index.ts';

describe('Function: rankFindings', () => {
  it('ranks by severity, then by score, highest first', () => {
    // Prepare
    const findings: Finding[] = [
      { id: 'CVE-A', severity: 'HIGH', score: 7.5 },
      { id: 'CVE-B', severity: 'CRITICAL' },
      { id: 'CVE-C', severity: 'HIGH', score: 8.8 },
      { id: 'CVE-D', severity: 'UNDEFINED', score: 10 },
      { id: 'CVE-E', severity: 'HIGH' },
    ];

    // Act
    const ranked = rankFindings(findings);

    // Assess
    expect(ranked.map((f) => f.id)).toEqual(['CVE-B', 'CVE-C', 'CVE-A', 'CVE-E', 'CVE-D']);
  });

  it('breaks ties by id and package, so the order never depends on the input', () => {
    // Prepare
    const findings: Finding[] = [
      { id: 'CVE-2', severity: 'HIGH', score: 7, packageName: 'b' },
      { id: 'CVE-1', severity: 'HIGH', score: 7, packageName: 'z' },
      { id: 'CVE-2', severity: 'HIGH', score: 7, packageName: 'a' },
    ];

    // Act
    const ranked = rankFindings(findings);

    // Assess
    expect(ranked.map((f) => `${f.id}/${f.packageName}`)).toEqual([
      'CVE-1/z',
      'CVE-2/a',
      'CVE-2/b',
    ]);
  });

  it('gives the same order for any permutation of the same findings', () => {
    const finding: fc.Arbitrary<Finding> = fc.record(
      {
        id: fc.constantFrom('CVE-1', 'CVE-2', 'CVE-3'),
        severity: fc.constantFrom(...SEVERITIES),
        score: fc.constantFrom(1, 5, 9.8),
        packageName: fc.constantFrom('a', 'b'),
      },
      { requiredKeys: ['id', 'severity'] },
    );
    const findings = fc.array(finding, { maxLength: 20 });
    const withPermutation = findings.chain((list) =>
      fc.tuple(
        fc.constant(list),
        fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
      ),
    );
    fc.assert(
      fc.property(withPermutation, ([list, permuted]) => {
        expect(rankFindings(permuted)).toEqual(rankFindings(list));
      }),
    );
  });
});
