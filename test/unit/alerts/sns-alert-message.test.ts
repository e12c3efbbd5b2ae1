import { describe, expect, it } from 'vitest';
import { AlertSchema, SNS_MAX_MESSAGE_BYTES, snsAlertMessage } from '#lib/alerts/index.ts';
import { manyFindings, sampleAlert, taggedScanEvent } from '../../support/sample-alerts.ts';

describe('Function: snsAlertMessage', () => {
  it('publishes the alert as JSON with the five filter attributes (kind included)', () => {
    // Prepare
    const alert = sampleAlert({ team: 'payments' });

    // Act
    const { alert: published, message } = snsAlertMessage(alert);

    // Assess
    expect(published).toBe(alert);
    expect(AlertSchema.parse(JSON.parse(message.body))).toEqual(alert);
    expect(message.attributes).toEqual({
      kind: 'new',
      severity: 'CRITICAL',
      account: '123456789012',
      repository: 'tribble-image-scan-test',
      team: 'payments',
    });
  });

  it('stays under 256 KB with 5,000 findings, and says how many were left out', () => {
    // Prepare
    const alert = sampleAlert({ findings: manyFindings(5_000, 'CRITICAL') });

    // Act
    const { alert: published, message } = snsAlertMessage(alert);

    // Assess
    expect(message.sizeBytes).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    expect(Buffer.byteLength(message.body)).toBeLessThan(SNS_MAX_MESSAGE_BYTES);
    expect(published.findings.length).toBeGreaterThan(100);
    expect(published.findings.length + published.omittedFindings).toBe(5_000);
    expect(published.alertedCount).toBe(5_000);
    expect(JSON.parse(message.body).omittedFindings).toBe(published.omittedFindings);
  });

  it('keeps the most severe findings when it cuts', () => {
    // Prepare
    const findings = [
      ...manyFindings(3_000, 'HIGH'),
      ...manyFindings(10, 'CRITICAL').map((f) => ({ ...f, id: `${f.id}-c` })),
    ];

    // Act
    const { alert } = snsAlertMessage(sampleAlert({ findings }));

    // Assess
    expect(alert.omittedFindings).toBeGreaterThan(0);
    expect(alert.findings.slice(0, 10).every((f) => f.severity === 'CRITICAL')).toBe(true);
  });

  it('cuts exactly at the limit: one byte less drops one more finding', () => {
    // Prepare
    const alert = sampleAlert({ findings: manyFindings(20) });
    const whole = snsAlertMessage(alert).message.sizeBytes;

    // Act
    const atLimit = snsAlertMessage(alert, whole);
    const belowLimit = snsAlertMessage(alert, whole - 1);

    // Assess
    expect(atLimit.alert.omittedFindings).toBe(0);
    expect(belowLimit.alert.omittedFindings).toBe(1);
    expect(belowLimit.message.sizeBytes).toBeLessThanOrEqual(whole - 1);
  });

  it('cuts the image tags when even no findings would not fit', () => {
    // Prepare
    const event = {
      ...taggedScanEvent(),
      imageTags: Array.from({ length: 1_000 }, (_, i) => `${i}-${'t'.repeat(290)}`),
    };
    const alert = sampleAlert({ event, findings: manyFindings(10) });

    // Act
    const { alert: published, message } = snsAlertMessage(alert);

    // Assess
    expect(message.sizeBytes).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    expect(published.findings).toEqual([]);
    expect(published.omittedFindings).toBe(10);
    expect(published.image.tags.length + published.image.omittedTags).toBe(1_000);
  });
});
