import { describe, expect, it } from 'vitest';
import { SDK_CALL_BOUND_MS } from '#lib/aws/index.ts';
import { isFixable, REPOSITORY_CONTROLS } from '#lib/controls/index.ts';
import {
  acquireRemediationLease,
  InProcessRemediationLock,
  REMEDIATION_LEASE_MS,
} from '#lib/enforcement/index.ts';

/** A fake clock whose sleeps pass at once, running `at` callbacks when their time comes. */
function fakeClock() {
  let now = 1_000_000;
  const waits: number[] = [];
  const timers: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    waits,
    at(ms: number, run: () => void) {
      timers.push({ at: now + ms, run });
    },
    async sleep(ms: number) {
      waits.push(ms);
      now += ms;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.run();
      }
    },
  };
}

describe('Function: acquireRemediationLease', () => {
  it('waits for the holder to release, then holds the lock', async () => {
    // Prepare
    const clock = fakeClock();
    const lock = new InProcessRemediationLock(clock.now);
    const holder = await lock.acquire('k', 60_000);
    clock.at(400, () => void holder?.release());

    // Act
    const lease = await acquireRemediationLease(lock, 'k', {
      ttlMs: 60_000,
      waitMs: 20_000,
      now: clock.now,
      sleep: (ms) => clock.sleep(ms),
      random: () => 0.5,
    });

    // Assess: polls of 38, 75, 150, 300 ms (jittered doublings from 50 ms).
    expect(lease).toBeDefined();
    expect(clock.waits).toEqual([38, 75, 150, 300]);
  });

  it('gives up when the lock stays held through the wait', async () => {
    // Prepare
    const clock = fakeClock();
    const lock = new InProcessRemediationLock(clock.now);
    await lock.acquire('k', 600_000);

    // Act
    const lease = await acquireRemediationLease(lock, 'k', {
      ttlMs: 60_000,
      waitMs: 5_000,
      now: clock.now,
      sleep: (ms) => clock.sleep(ms),
    });

    // Assess
    expect(lease).toBeUndefined();
    expect(clock.waits.reduce((a, b) => a + b, 0)).toBe(5_000);
  });

  it('tries once with no wait', async () => {
    // Prepare
    const lock = new InProcessRemediationLock();
    await lock.acquire('k', 60_000);

    // Act / Assess
    await expect(
      acquireRemediationLease(lock, 'k', { ttlMs: 60_000, waitMs: 0 }),
    ).resolves.toBeUndefined();
  });
});

describe('Class: InProcessRemediationLock', () => {
  it('frees only its own lock: a holder whose lease ran out does not free its successor', async () => {
    // Prepare
    const clock = fakeClock();
    const lock = new InProcessRemediationLock(clock.now);
    const first = await lock.acquire('k', 1_000);
    await clock.sleep(1_001);
    const second = await lock.acquire('k', 60_000);

    // Act
    await first?.release();

    // Assess
    expect(second).toBeDefined();
    expect(await lock.acquire('k', 60_000)).toBeUndefined();
  });
});

describe('Constant: REMEDIATION_LEASE_MS', () => {
  it('outlasts the longest remediation: a round of reads, then a write per control and a registry read', () => {
    // Only the fixable repository-level controls write under a repository's lock.
    const writers = REPOSITORY_CONTROLS.filter(isFixable).length;
    expect(REMEDIATION_LEASE_MS).toBeGreaterThanOrEqual((2 + writers) * SDK_CALL_BOUND_MS);
    // And stays well within enforce-repository's 300 s timeout.
    expect(REMEDIATION_LEASE_MS).toBeLessThan(300_000);
  });
});
