import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertedSetOf, alertFingerprint } from '#lib/alerts/index.ts';
import { SEVERITIES } from '#lib/events/index.ts';
import type { Finding } from '#lib/findings/index.ts';
import { manyFindings, realEnhancedFindings } from '../../support/sample-alerts.ts';

const IMAGE = {
  account: '123456789012',
  region: 'us-east-1',
  repositoryName: 'my-repository-name',
  imageDigest: 'sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234',
};

function fingerprint(findings: Finding[], image = IMAGE): string {
  return alertFingerprint(image, alertedSetOf(findings, 'HIGH'));
}

describe('Function: alertFingerprint', () => {
  it('is a sha256', () => {
    expect(fingerprint(realEnhancedFindings())).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('does not depend on the order of findings', () => {
    const finding = fc.record({
      id: fc.constantFrom('CVE-1', 'CVE-2', 'CVE-3', 'CVE-4'),
      severity: fc.constantFrom(...SEVERITIES),
      packageName: fc.constantFrom('openssl', 'zlib'),
    });
    const withPermutation = fc
      .array(finding, { maxLength: 25 })
      .chain((list) =>
        fc.tuple(
          fc.constant(list),
          fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
        ),
      );
    fc.assert(
      fc.property(withPermutation, ([list, permuted]) => {
        expect(fingerprint(permuted)).toBe(fingerprint(list));
      }),
    );
  });

  it('ignores findings below the threshold', () => {
    // Prepare
    const findings = manyFindings(3, 'HIGH');

    // Act / Assess
    expect(fingerprint([...findings, ...manyFindings(2, 'LOW')])).toBe(fingerprint(findings));
  });

  it('ignores the same finding listed twice', () => {
    const findings = manyFindings(3, 'HIGH');
    expect(fingerprint([...findings, ...findings])).toBe(fingerprint(findings));
  });

  it('changes with a new finding at or above the threshold', () => {
    const findings = manyFindings(3, 'HIGH');
    expect(fingerprint([...findings, ...realEnhancedFindings()])).not.toBe(fingerprint(findings));
  });

  it('changes when a finding changes severity', () => {
    expect(fingerprint(manyFindings(1, 'CRITICAL'))).not.toBe(fingerprint(manyFindings(1, 'HIGH')));
  });

  it.each(['account', 'region', 'repositoryName', 'imageDigest'] as const)(
    'changes with the %s',
    (field) => {
      const findings = manyFindings(2);
      expect(fingerprint(findings, { ...IMAGE, [field]: `${IMAGE[field]}x` })).not.toBe(
        fingerprint(findings),
      );
    },
  );
});
