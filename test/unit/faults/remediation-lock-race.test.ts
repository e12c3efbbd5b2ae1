/**
 * Fault suite (unit) — a duplicate delivery that read the repository before another one fixed
 * it, and takes the lock only after that one released it.
 */
import { describe, expect, it } from 'vitest';
import type { Remediation } from '#lib/controls/index.ts';
import {
  enforceRepository,
  InProcessRemediationLock,
  type RemediationLock,
} from '#lib/enforcement/index.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '#lib/standard/index.ts';
import { FakeEcr } from '../../support/fake-ecr.ts';
import { compliantState, standardWith } from '../../support/repository-state.ts';

const INPUT = {
  account: '123456789012',
  region: 'us-east-1',
  repositoryName: 'payments-checkout-api',
};
const NOW = (): Date => new Date('2026-11-29T12:00:00Z');

/** A lock that lets `meanwhile` run just before it is granted: the other delivery's fix. */
function lockAfter(meanwhile: () => void): RemediationLock {
  const inner = new InProcessRemediationLock();
  return {
    async acquire(key, ttlMs) {
      meanwhile();
      return inner.acquire(key, ttlMs);
    },
  };
}

describe('Function: enforceRepository › with a lock, after a stale read', () => {
  it('writes only the controls that still differ once it holds the lock', async () => {
    // Prepare: read as MUTABLE, no policy, no scan on push; fixed (but the lifecycle policy)
    // by another delivery before the lock is granted.
    const ecr = new FakeEcr(
      compliantState({
        imageTagMutability: 'MUTABLE',
        exclusionFilters: [],
        scanOnPush: false,
        lifecyclePolicyText: undefined,
      }),
    );
    const lock = lockAfter(() => {
      if (ecr.state === undefined) return;
      ecr.state.imageTagMutability = 'IMMUTABLE_WITH_EXCLUSION';
      ecr.state.exclusionFilters = ['latest'];
      ecr.state.scanOnPush = true;
    });

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: NOW,
      lock,
    });

    // Assess
    expect(ecr.writes.map((w: Remediation) => w.action)).toEqual(['ecr:PutLifecyclePolicy']);
    expect(report.controls.slice(0, 3).map((c) => [c.control, c.status])).toEqual([
      ['immutability', 'compliant'],
      ['lifecycle', 'remediated'],
      ['scanning', 'compliant'],
    ]);
    expect(ecr.state?.lifecyclePolicyText).toBe(JSON.stringify(DEFAULT_LIFECYCLE_POLICY));
  });

  it('skips a repository deleted between its read and the lock', async () => {
    // Prepare
    const ecr = new FakeEcr(
      compliantState({ imageTagMutability: 'MUTABLE', exclusionFilters: [] }),
    );
    const lock = lockAfter(() => {
      ecr.state = undefined;
    });

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: NOW,
      lock,
    });

    // Assess
    expect(report).toMatchObject({
      outcome: 'skipped',
      skipReason: expect.stringContaining('no longer exists'),
    });
    expect(ecr.writes).toEqual([]);
  });

  it('reads the state once more under the lock, and writes the same as without a lock', async () => {
    // Prepare
    const state = (): ReturnType<typeof compliantState> =>
      compliantState({ imageTagMutability: 'MUTABLE', exclusionFilters: [] });
    const guarded = new FakeEcr(state());
    const unguarded = new FakeEcr(state());
    const deps = { standard: standardWith(), dryRun: false, now: NOW };

    // Act
    await enforceRepository(INPUT, {
      ...deps,
      reader: guarded,
      writer: guarded,
      lock: new InProcessRemediationLock(),
    });
    await enforceRepository(INPUT, { ...deps, reader: unguarded, writer: unguarded });

    // Assess
    const reads = (ecr: FakeEcr): string[] => ecr.calls.filter((c) => !c.startsWith('Put'));
    // Only what the write depends on is read again: the repository (immutability reads no
    // other fact).
    expect(reads(guarded).length - reads(unguarded).length).toBe(1);
    expect(guarded.writes).toEqual(unguarded.writes);
  });
});
