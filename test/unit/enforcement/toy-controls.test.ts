/**
 * The engine knows no control by name: a control defined here, outside the registry, with a
 * fact of its own, is read, evaluated, exempted and written like the registered ones.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  type ControlEvaluation,
  defineRegistryControl,
  defineRegistryFact,
  defineRepositoryControl,
  defineRepositoryFact,
  REPOSITORY_CONTROLS,
  type RemediationKind,
} from '#lib/controls/index.ts';
import { enforceRegistry, enforceRepository } from '#lib/enforcement/index.ts';
import { FakeEcr } from '../../support/fake-ecr.ts';
import { compliantState, standardWith } from '../../support/repository-state.ts';

const NOW = (): Date => new Date('2026-11-29T12:00:00Z');
const INPUT = {
  account: '123456789012',
  region: 'us-east-1',
  repositoryName: 'payments-checkout-api',
};

/** A fact of the toy control's own: the repository's name length, read "from ECR". */
const nameLengthFact = defineRepositoryFact({
  name: 'nameLength',
  actions: ['ecr:DescribeRepositories'],
  read: async (_context, { repositoryName }) => repositoryName.length,
});

/** A toy control: names are at most `max` characters; "fixed" by making tags immutable. */
const shortNames = defineRepositoryControl({
  name: 'short-names',
  level: 'repository',
  description: { compliantWhen: 'short names', remediation: 'none really' },
  // Reuses the immutability section so that the real standard carries its configuration.
  section: {
    control: 'short-names',
    key: 'immutability',
    schema: z.strictObject({ mode: z.string() }).loose(),
  },
  reads: [nameLengthFact],
  remediations: {},
  evaluate: (state) =>
    state.nameLength <= 5
      ? { compliant: true }
      : {
          compliant: false,
          reason: `${state.repository.repositoryName} is ${state.nameLength} long`,
        },
});

describe('Engine: controls it was given, not named', () => {
  it('reads a control’s own fact, and reports a report-only control’s violation without writing', async () => {
    // Prepare
    const ecr = new FakeEcr(compliantState());

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: NOW,
      controls: [shortNames],
    });

    // Assess
    expect(report.controls).toEqual([
      {
        control: 'short-names',
        status: 'violation',
        reason: 'payments-checkout-api is 21 long',
        writes: [],
      },
    ]);
    expect(ecr.writes).toEqual([]);
  });

  it('exempts a control by name from the ecr-guard:exempt tag only when the registry knows it', async () => {
    // Prepare: the tag names a control that is not registered: ignored, and said so.
    const ecr = new FakeEcr(compliantState(), { 'ecr-guard:exempt': 'short-names' });

    // Act
    const report = await enforceRepository(INPUT, {
      reader: ecr,
      writer: ecr,
      standard: standardWith(),
      dryRun: false,
      now: NOW,
      controls: [shortNames, ...REPOSITORY_CONTROLS],
    });

    // Assess
    expect(report.controls[0]).toMatchObject({ control: 'short-names', status: 'violation' });
    expect(report.ignoredExemptions).toEqual([
      expect.objectContaining({ reason: expect.stringContaining('unknown control short-names') }),
    ]);
  });
});

/** The toy registry control's write. */
interface ToyWrite {
  action: 'ecr:PutImageTagMutability';
  repositoryName: string;
}

describe('Function: enforceRegistry', () => {
  /** A registry fact, and a fixable registry-level control that writes through its own kind. */
  const registryNameFact = defineRegistryFact({
    name: 'registryNote',
    actions: ['ecr:DescribeRegistry'],
    ttlMs: 60_000,
    read: async ({ account }) => `registry ${account}`,
  });
  const sent: string[] = [];
  const toyWrite: RemediationKind<ToyWrite> = {
    action: 'ecr:PutImageTagMutability',
    async send(_context, remediation) {
      sent.push(remediation.repositoryName);
    },
  };
  const toyRegistry = defineRegistryControl({
    name: 'toy-registry',
    level: 'registry',
    description: { compliantWhen: 'never', remediation: 'a write' },
    section: {
      control: 'toy-registry',
      key: 'scanning',
      schema: z.strictObject({ manageRegistry: z.boolean() }),
    },
    reads: [registryNameFact],
    remediations: { 'ecr:PutImageTagMutability': toyWrite },
    evaluate: (state, config): ControlEvaluation<ToyWrite> =>
      config.manageRegistry
        ? { compliant: true }
        : {
            compliant: false,
            reason: `${state.registryNote} is not managed`,
            remediation: { action: 'ecr:PutImageTagMutability', repositoryName: 'x' },
          },
  });

  it('evaluates a registry-level control once, with its registry facts, and plans its write in a dry run', async () => {
    // Prepare
    const ecr = new FakeEcr(compliantState());

    // Act
    const report = await enforceRegistry(
      { account: '123456789012', region: 'us-east-1' },
      { reader: ecr, writer: ecr, standard: standardWith(), dryRun: true, controls: [toyRegistry] },
    );

    // Assess
    expect(report).toEqual({
      account: '123456789012',
      region: 'us-east-1',
      controls: [
        {
          control: 'toy-registry',
          status: 'planned',
          reason: 'registry 123456789012 is not managed',
          writes: [expect.objectContaining({ action: 'ecr:PutImageTagMutability' })],
        },
      ],
    });
    expect(sent).toEqual([]);
  });

  it('evaluates the registered registry-level controls that are on, each fact read once', async () => {
    // Prepare: no creation template, no scanning rule (vpc-endpoints is off by default).
    const ecr = new FakeEcr(compliantState());

    // Act
    const report = await enforceRegistry(
      { account: '123456789012', region: 'us-east-1' },
      { reader: ecr, writer: ecr, standard: standardWith(), dryRun: false },
    );

    // Assess: report-only by default, so violations and no write.
    expect(report.controls.map((c) => [c.control, c.status])).toEqual([
      ['creation-templates', 'violation'],
      ['registry-scanning', 'violation'],
    ]);
    expect(ecr.calls.sort()).toEqual([
      'DescribeRepositoryCreationTemplates',
      'GetAccountSetting',
      'GetRegistryScanningConfiguration',
    ]);
    expect(ecr.writes).toEqual([]);
  });
});
