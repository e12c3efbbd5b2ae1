/**
 * The engine's guard hook, on a toy control defined here (the engine names no control): a
 * control's guard looks before its write is planned or made, may read facts of its own then
 * (and only then), hold the write as a violation with its reason, and in an audit judge a
 * compliant control and measure the repository's storage.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  type PutImageTagMutability,
  putImageTagMutability,
} from '#lib/controls/immutability/put-image-tag-mutability.ts';
import {
  type ControlEvaluation,
  defineRepositoryControl,
  defineRepositoryFact,
  type GuardFinding,
} from '#lib/controls/index.ts';
import { enforceRepository, InProcessRemediationLock } from '#lib/enforcement/index.ts';
import { FakeEcr } from '../../support/fake-ecr.ts';
import { compliantState, standardWith } from '../../support/repository-state.ts';

const NOW = (): Date => new Date('2026-11-29T12:00:00Z');
const INPUT = {
  account: '123456789012',
  region: 'us-east-1',
  repositoryName: 'payments-checkout-api',
};

type ToyWrite = PutImageTagMutability;

/**
 * Builds a toy control whose guard answers `finding`, counting its reads and looks. It writes
 * through immutability's remediation kind (the gateway dispatches registered kinds only).
 */
function toyControl(finding: GuardFinding, options: { audits?: boolean; name?: string } = {}) {
  const seen = { reads: 0, looks: [] as Array<{ write: boolean; audit: boolean }> };
  const secretFact = defineRepositoryFact({
    name: 'toySecret',
    actions: ['ecr:DescribeImages'],
    read: async () => {
      seen.reads += 1;
      return 'secret';
    },
  });
  const undeclaredFact = defineRepositoryFact({
    name: 'undeclared',
    actions: ['ecr:BatchGetImage'],
    read: async () => 'never',
  });
  const control = defineRepositoryControl({
    name: options.name ?? 'toy-immutable',
    level: 'repository',
    description: { compliantWhen: 'immutable', remediation: 'make it so' },
    section: {
      control: 'toy-immutable',
      key: 'immutability',
      schema: z.strictObject({ mode: z.string() }).loose(),
    },
    reads: [],
    remediations: { 'ecr:PutImageTagMutability': putImageTagMutability },
    evaluate: (state): ControlEvaluation<ToyWrite> =>
      state.repository.imageTagMutability === 'MUTABLE'
        ? {
            compliant: false,
            reason: 'tags are mutable',
            remediation: {
              action: 'ecr:PutImageTagMutability',
              repositoryName: state.repository.repositoryName,
              imageTagMutability: 'IMMUTABLE',
              exclusionFilters: [],
            },
          }
        : { compliant: true },
    guard: {
      reads: [secretFact],
      applies: (_config, { write, audit }) =>
        write !== undefined || (audit && options.audits === true),
      async check({ read, write, audit }) {
        seen.looks.push({ write: write !== undefined, audit });
        expect(await read(secretFact)).toBe('secret');
        expect(await read(secretFact)).toBe('secret');
        if (finding.violation === 'read the undeclared') await read(undeclaredFact);
        return finding;
      },
    },
  });
  return { control, seen };
}

const mutable = () =>
  new FakeEcr(compliantState({ imageTagMutability: 'MUTABLE', exclusionFilters: [] }));

describe('Engine: a control’s guard', () => {
  it('holds a write: the control is a violation with the write’s reason and the guard’s, and nothing is written', async () => {
    // Prepare
    const { control, seen } = toyControl({ holdWrite: 'not remediated: the secret says no' });
    const ecr = mutable();

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: NOW,
      controls: [control],
    });

    // Assess
    expect(report.controls).toEqual([
      {
        control: 'toy-immutable',
        status: 'violation',
        reason: 'tags are mutable; not remediated: the secret says no',
        writes: [],
      },
    ]);
    expect(ecr.writes).toEqual([]);
    expect(seen).toEqual({ reads: 1, looks: [{ write: true, audit: false }] });
  });

  it('lets a write through when the guard finds nothing, under the lock as without it', async () => {
    // Prepare
    const { control, seen } = toyControl({});
    const ecr = mutable();

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: NOW,
      controls: [control],
      lock: new InProcessRemediationLock(),
    });

    // Assess
    expect(report.controls[0]?.status).toBe('remediated');
    expect(ecr.writes.map((w) => w.action)).toEqual(['ecr:PutImageTagMutability']);
    expect(seen.looks).toEqual([{ write: true, audit: false }]);
  });

  it('is not run, and reads nothing, for a compliant repository outside an audit', async () => {
    // Prepare
    const { control, seen } = toyControl({ violation: 'never seen' }, { audits: true });
    const ecr = new FakeEcr(compliantState());

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: true,
      now: NOW,
      controls: [control],
    });

    // Assess
    expect(report.controls[0]?.status).toBe('compliant');
    expect(seen).toEqual({ reads: 0, looks: [] });
  });

  it('is not run for a write its control is exempt from', async () => {
    // Prepare: a tag may name only a registered control; the toy takes one's name.
    const { control, seen } = toyControl({ holdWrite: 'no' }, { name: 'immutability' });
    const ecr = new FakeEcr(
      compliantState({ imageTagMutability: 'MUTABLE', exclusionFilters: [] }),
      {
        'ecr-guard:exempt': 'immutability',
      },
    );

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: NOW,
      controls: [control],
    });

    // Assess
    expect(report.controls[0]?.status).toBe('exempt');
    expect(seen.looks).toEqual([]);
  });

  it('judges a compliant control in an audit, and its storage figures are priced at the region’s price', async () => {
    // Prepare
    const { control, seen } = toyControl(
      {
        violation: 'latent: the secret is out',
        storage: { images: 3, bytes: 3 * 1024 ** 3, freedBytes: 1024 ** 3 },
      },
      { audits: true },
    );
    const ecr = new FakeEcr(compliantState());
    const standard = standardWith({
      cost: { storagePricePerGbMonth: 0.1, currency: 'USD', regionPrices: { 'us-east-1': 0.25 } },
    });

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard,
      dryRun: true,
      now: NOW,
      controls: [control],
      audit: true,
    });

    // Assess
    expect(report.controls).toEqual([
      {
        control: 'toy-immutable',
        status: 'violation',
        reason: 'latent: the secret is out',
        writes: [],
      },
    ]);
    expect(report.storage).toEqual({
      images: 3,
      bytes: 3 * 1024 ** 3,
      freedBytes: 1024 ** 3,
      freedMonthlyCost: 0.25,
      currency: 'USD',
    });
    expect(seen.looks).toEqual([{ write: false, audit: true }]);
  });

  it('refuses a read of a fact the guard does not declare (least privilege is derived from them)', async () => {
    // Prepare
    const { control } = toyControl({ violation: 'read the undeclared' });

    // Act
    const enforcing = enforceRepository(INPUT, {
      reader: mutable(),
      writer: mutable(),
      standard: standardWith(),
      dryRun: true,
      now: NOW,
      controls: [control],
    });

    // Assess
    await expect(enforcing).rejects.toThrow(
      'the guard of toy-immutable reads undeclared, which it does not declare',
    );
  });
});
