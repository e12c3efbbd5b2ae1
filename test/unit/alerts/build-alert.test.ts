import { describe, expect, it } from 'vitest';
import { ALERT_FIELD_LIMITS, AlertSchema } from '#lib/alerts/index.ts';
import {
  basicScanEvent,
  manyFindings,
  realEnhancedFindings,
  sampleAlert,
} from '../../support/sample-alerts.ts';

describe('Function: buildAlert', () => {
  it('carries what on-call needs: image, team, counts, findings and console links', () => {
    // Act
    const alert = sampleAlert({ event: basicScanEvent(), findings: realEnhancedFindings() });

    // Assess
    expect(AlertSchema.parse(alert)).toEqual(alert);
    expect(alert).toMatchObject({
      kind: 'new',
      account: { id: '123456789012' },
      region: 'us-east-1',
      repository: {
        name: 'my-repository-name',
        arn: 'arn:aws:ecr:us-east-1:123456789012:repository/my-repository-name',
      },
      team: 'payments',
      image: {
        digest: 'sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234',
        tags: [],
      },
      severity: 'HIGH',
      alertedCount: 1,
      newCount: 1,
      findings: [
        {
          id: 'CVE-2022-49043',
          severity: 'HIGH',
          packageName: 'libxml2',
          installedVersion: '2.9.14+dfsg-1.3~deb12u1',
          score: 8.1,
          link: 'https://security-tracker.debian.org/tracker/CVE-2022-49043',
          new: true,
        },
      ],
      links: {
        image:
          'https://us-east-1.console.aws.amazon.com/ecr/repositories/private/123456789012/my-repository-name/_/image/sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234/details?region=us-east-1',
      },
    });
  });

  it('counts every finding by severity but lists only those at or above the threshold', () => {
    // Act
    const alert = sampleAlert({
      findings: [
        ...manyFindings(2, 'HIGH'),
        ...manyFindings(3, 'LOW').map((f) => ({ ...f, id: `${f.id}-l` })),
      ],
    });

    // Assess
    expect(alert.severityCounts).toMatchObject({ HIGH: 2, LOW: 3 });
    expect(alert.findings.map((f) => f.severity)).toEqual(['HIGH', 'HIGH']);
  });

  it('lists new findings first in an update, and rates it by what is new', () => {
    // Prepare
    const critical = manyFindings(2, 'CRITICAL');
    const high = realEnhancedFindings();

    // Act
    const alert = sampleAlert({
      findings: [...critical, ...high],
      kind: 'update',
      newKeys: ['CVE-2022-49043 libxml2'],
    });

    // Assess
    expect(alert.findings.map((f) => [f.id, f.new])).toEqual([
      ['CVE-2022-49043', true],
      ['CVE-2024-10000', false],
      ['CVE-2024-10001', false],
    ]);
    expect(alert).toMatchObject({ kind: 'update', severity: 'HIGH', newCount: 1, alertedCount: 3 });
  });

  it('bounds every text field, and drops a link too long to be kept whole', () => {
    // Act
    const alert = sampleAlert({
      findings: [
        {
          id: 'X'.repeat(5_000),
          severity: 'CRITICAL',
          title: 'T'.repeat(5_000),
          packageName: 'p'.repeat(5_000),
          link: `https://example.com/${'l'.repeat(5_000)}`,
        },
      ],
    });

    // Assess
    const [finding] = alert.findings;
    expect(finding?.id.length).toBe(ALERT_FIELD_LIMITS.id);
    expect(finding?.title?.length).toBe(ALERT_FIELD_LIMITS.title);
    expect(finding?.packageName?.length).toBe(ALERT_FIELD_LIMITS.package);
    expect(finding?.link).toBeUndefined();
  });
});
