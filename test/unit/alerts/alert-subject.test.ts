import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertSubject, SNS_SUBJECT_MAX_LENGTH } from '#lib/alerts/index.ts';
import {
  basicScanEvent,
  manyFindings,
  realEnhancedFindings,
  sampleAlert,
  taggedScanEvent,
} from '../../support/sample-alerts.ts';

/** SNS: under 100 characters, no line breaks or control characters; ASCII for email. */
function expectValidSubject(subject: string): void {
  expect(subject.length).toBeLessThan(100);
  expect(subject).toMatch(/^[\x20-\x7e]+$/);
  expect(subject).not.toMatch(/^\s|\s$/);
}

describe('Function: alertSubject', () => {
  it('names severity, image and counts on one line', () => {
    // Prepare
    const alert = sampleAlert({
      findings: [
        ...manyFindings(3, 'CRITICAL'),
        ...manyFindings(5, 'HIGH').map((f) => ({ ...f, id: `${f.id}-h` })),
      ],
    });

    // Act
    const subject = alertSubject(alert);

    // Assess
    expect(subject).toBe('[CRITICAL] tribble-image-scan-test:1572471135 - 3 critical, 5 high');
    expectValidSubject(subject);
  });

  it('names an untagged image by its short digest', () => {
    expect(
      alertSubject(sampleAlert({ event: basicScanEvent(), findings: realEnhancedFindings() })),
    ).toBe('[HIGH] my-repository-name@sha256:7f5b2640fe6f - 1 high');
  });

  it('says what is new in an update, naming a single new finding', () => {
    // Prepare
    const findings = [...manyFindings(2, 'CRITICAL'), ...realEnhancedFindings()];
    const alert = sampleAlert({ findings, kind: 'update', newKeys: ['CVE-2022-49043 libxml2'] });

    // Act
    const subject = alertSubject(alert);

    // Assess
    expect(subject).toBe(
      '[HIGH] tribble-image-scan-test:1572471135 - 1 new: CVE-2022-49043 (2 critical, 1 high)',
    );
  });

  it('counts the new findings of an update when there are several', () => {
    const findings = manyFindings(4, 'CRITICAL');
    const alert = sampleAlert({
      findings,
      kind: 'update',
      newKeys: findings.slice(0, 2).map((f) => `${f.id} ${f.packageName}`),
    });
    expect(alertSubject(alert)).toBe(
      '[CRITICAL] tribble-image-scan-test:1572471135 - 2 new (4 critical)',
    );
  });

  it('shortens a long image reference and keeps the counts', () => {
    // Prepare
    const event = {
      ...taggedScanEvent(),
      repositoryName: `team/${'a'.repeat(200)}`,
      imageTags: ['v'.repeat(300)],
    };

    // Act
    const subject = alertSubject(sampleAlert({ event, findings: manyFindings(3, 'CRITICAL') }));

    // Assess
    expectValidSubject(subject);
    expect(subject).toMatch(/^\[CRITICAL\] team\/a+\.\.\. - 3 critical$/);
    expect(subject.length).toBe(SNS_SUBJECT_MAX_LENGTH);
  });

  it('stays a valid subject whatever the names, tags and finding ids hold', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 2, maxLength: 256 }),
        fc.array(fc.string({ minLength: 1, maxLength: 300 }), { maxLength: 3 }),
        fc.string({ minLength: 1, maxLength: 400 }),
        fc.boolean(),
        (repositoryName, imageTags, findingId, isUpdate) => {
          const event = { ...taggedScanEvent(), repositoryName, imageTags };
          const findings = [{ id: findingId, severity: 'CRITICAL' as const }];
          const alert = sampleAlert({ event, findings, kind: isUpdate ? 'update' : 'new' });
          expectValidSubject(alertSubject(alert));
        },
      ),
    );
  });
});
