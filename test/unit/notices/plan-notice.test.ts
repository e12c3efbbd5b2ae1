import { describe, expect, it } from 'vitest';
import type { Delivered } from '#lib/delivery/index.ts';
import { DRIFT_WINDOW_MS, type NoticeState, planNotice } from '#lib/notices/index.ts';

const HOUR = 3_600_000;
const NOW = new Date('2026-12-01T12:00:00.000Z');

function record(state: Partial<NoticeState>): Delivered<NoticeState> {
  return {
    state: {
      originId: 'earlier-event',
      announcedAt: new Date(NOW.getTime() - 2 * HOUR).toISOString(),
      heldBack: 0,
      lastWasDrift: false,
      drifts: [],
      ...state,
    },
    generation: 1,
    deliveredAt: undefined,
    firstDeliveredAt: undefined,
  };
}

describe('Function: planNotice', () => {
  it('announces the first change of a repository', () => {
    // Act
    const decision = planNotice(undefined, {
      originId: 'e-1',
      now: NOW,
      minIntervalMs: HOUR,
      drift: false,
    });

    // Assess
    expect(decision).toEqual({
      decision: 'announce',
      heldBack: 0,
      state: {
        originId: 'e-1',
        announcedAt: NOW.toISOString(),
        heldBack: 0,
        lastWasDrift: false,
        drifts: [],
      },
    });
  });

  it('announces nothing for a change already recorded (a retried event)', () => {
    // Act
    const decision = planNotice(record({ originId: 'e-1' }), {
      originId: 'e-1',
      now: NOW,
      minIntervalMs: HOUR,
      drift: false,
    });

    // Assess
    expect(decision).toEqual({ decision: 'duplicate' });
  });

  it('holds back a change within the interval and counts it', () => {
    // Prepare
    const announcedAt = new Date(NOW.getTime() - 10 * 60_000).toISOString();

    // Act
    const decision = planNotice(record({ announcedAt, heldBack: 2, lastWasDrift: true }), {
      originId: 'e-2',
      now: NOW,
      minIntervalMs: HOUR,
      drift: true,
    });

    // Assess
    expect(decision).toMatchObject({
      decision: 'hold',
      nextAt: new Date(Date.parse(announcedAt) + HOUR).toISOString(),
      state: { originId: 'e-2', announcedAt, heldBack: 3 },
    });
  });

  it('announces, after the interval, the count of the changes held back', () => {
    // Act
    const decision = planNotice(record({ heldBack: 3 }), {
      originId: 'e-3',
      now: NOW,
      minIntervalMs: HOUR,
      drift: false,
    });

    // Assess
    expect(decision).toMatchObject({ decision: 'announce', heldBack: 3, state: { heldBack: 0 } });
  });

  it('tells the first drift after a fix at once, whatever the interval', () => {
    // Prepare
    const announcedAt = new Date(NOW.getTime() - 60_000).toISOString();

    // Act
    const decision = planNotice(record({ announcedAt, lastWasDrift: false }), {
      originId: 'drift-1',
      now: NOW,
      minIntervalMs: HOUR,
      drift: true,
    });

    // Assess
    expect(decision).toMatchObject({ decision: 'announce', driftsLast30Days: 1 });
  });

  it('counts the drifts of the last 30 days only', () => {
    // Prepare
    const now = NOW.getTime();
    const drifts = [now - DRIFT_WINDOW_MS - 1, now - 5 * 86_400_000, now - 86_400_000];

    // Act
    const decision = planNotice(record({ drifts }), {
      originId: 'drift-9',
      now: NOW,
      minIntervalMs: HOUR,
      drift: true,
    });

    // Assess
    expect(decision).toMatchObject({
      decision: 'announce',
      driftsLast30Days: 3,
      state: { drifts: [drifts[1], drifts[2], now] },
    });
  });
});
