import { describe, expect, it } from 'vitest';
import { normalizeEvent, type Severity } from '#lib/events/index.ts';
import { type ScanCompletedEvent, skipReasonFromEventCounts } from '#lib/findings/index.ts';
import { loadEventFixture, withField } from '../../../harness/fixtures.ts';

function scanEvent(name: string, counts?: Record<string, number>): ScanCompletedEvent {
  let raw = loadEventFixture(name);
  if (counts !== undefined) raw = withField(raw, ['detail', 'finding-severity-counts'], counts);
  const event = normalizeEvent(raw);
  if (event.kind !== 'basic-scan-completed' && event.kind !== 'enhanced-scan-completed') {
    throw new Error(`${name} is not a scan event`);
  }
  return event;
}

const BASIC = 'ecr-image-scan-complete-with-findings.aws-docs.json';
const ENHANCED = 'inspector2-scan-ecr-initial-scan-complete.aws-ecr-docs.json';
const ENHANCED_ZERO = 'inspector2-scan-ecr-initial-scan-zero-findings.aws-inspector-docs.json';

describe('Function: skipReasonFromEventCounts', () => {
  it('reads the findings of the real basic sample (10 critical) at HIGH', () => {
    expect(skipReasonFromEventCounts(scanEvent(BASIC), 'HIGH')).toBeUndefined();
  });

  it('skips a basic scan with only MEDIUM findings at HIGH', () => {
    expect(skipReasonFromEventCounts(scanEvent(BASIC, { MEDIUM: 9 }), 'HIGH')).toBe(
      'the scan counts no finding at or above HIGH',
    );
  });

  it('skips a clean basic scan whatever the threshold', () => {
    expect(skipReasonFromEventCounts(scanEvent(BASIC, {}), 'UNDEFINED')).toBeDefined();
  });

  it('reads a basic scan with LOW findings at LOW', () => {
    expect(skipReasonFromEventCounts(scanEvent(BASIC, { LOW: 1 }), 'LOW')).toBeUndefined();
  });

  it('skips the real zero-findings Inspector sample at HIGH and at MEDIUM', () => {
    expect(skipReasonFromEventCounts(scanEvent(ENHANCED_ZERO), 'HIGH')).toBeDefined();
    expect(skipReasonFromEventCounts(scanEvent(ENHANCED_ZERO), 'MEDIUM')).toBeDefined();
  });

  it.each<Severity>(['LOW', 'INFORMATIONAL', 'UNDEFINED'])(
    'reads an Inspector scan with zero counts at %s: Inspector does not count those severities',
    (threshold) => {
      expect(skipReasonFromEventCounts(scanEvent(ENHANCED_ZERO), threshold)).toBeUndefined();
    },
  );

  it('reads the real Inspector sample (7 critical) at CRITICAL', () => {
    expect(skipReasonFromEventCounts(scanEvent(ENHANCED), 'CRITICAL')).toBeUndefined();
  });
});
