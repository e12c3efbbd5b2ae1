import { describe, expect, it } from 'vitest';
import { AwsCallError } from '#lib/aws/index.ts';
import type { FactReader } from '#lib/controls/index.ts';
import { enforceRegistry } from '#lib/enforcement/index.ts';
import { FakeEcr } from '../../support/fake-ecr.ts';
import { compliantState, standardWith } from '../../support/repository-state.ts';

const TARGET = { account: '123456789012', region: 'us-east-1' };

function failing(reader: FactReader, factName: string, retryable: boolean): FactReader {
  return {
    readRepositoryFact: (fact, repository) => reader.readRepositoryFact(fact, repository),
    readRegistryFact: async (fact) => {
      if (fact.name !== factName) return reader.readRegistryFact(fact);
      throw new AwsCallError(
        { operation: fact.actions[0] ?? fact.name, ...TARGET, retryable },
        { cause: new Error(retryable ? 'ThrottlingException' : 'AccessDeniedException') },
      );
    },
    forgetRegistryFacts: () => reader.forgetRegistryFacts(),
  };
}

describe('Function: enforceRegistry', () => {
  it('makes every write of a fix of several documents, in order', async () => {
    // Prepare: no scanning rule and the CLAIR engine, and ecr-guard may manage the registry.
    const ecr = new FakeEcr(compliantState());
    ecr.fake.basicScanTypeVersion = 'CLAIR';
    const standard = standardWith();
    standard.scanning.manageRegistry = true;
    standard.creationTemplates.mode = 'off';

    // Act
    const report = await enforceRegistry(TARGET, {
      reader: ecr,
      writer: ecr,
      standard,
      dryRun: false,
    });
    const again = await enforceRegistry(TARGET, {
      reader: ecr,
      writer: ecr,
      standard,
      dryRun: false,
    });

    // Assess
    expect(report.controls).toEqual([
      expect.objectContaining({ control: 'registry-scanning', status: 'remediated' }),
    ]);
    expect(ecr.writes.map((w) => w.action)).toEqual([
      'ecr:PutRegistryScanningConfiguration',
      'ecr:PutAccountSetting',
    ]);
    expect(ecr.registryScanning.rules).toEqual([
      { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: ['*'] },
    ]);
    expect(again.controls).toEqual([
      { control: 'registry-scanning', status: 'compliant', writes: [] },
    ]);
  });

  it('reports a control whose state cannot be read as not checked, and evaluates the others', async () => {
    // Prepare
    const ecr = new FakeEcr(compliantState());

    // Act
    const report = await enforceRegistry(TARGET, {
      reader: failing(ecr, 'creationTemplates', false),
      writer: ecr,
      standard: standardWith(),
      dryRun: true,
    });

    // Assess
    expect(report.controls).toEqual([
      {
        control: 'creation-templates',
        status: 'not-checked',
        reason: expect.stringMatching(
          /^not checked: ecr:DescribeRepositoryCreationTemplates failed in 123456789012\/us-east-1: .*AccessDeniedException/,
        ),
        writes: [],
      },
      expect.objectContaining({ control: 'registry-scanning', status: 'violation' }),
    ]);
  });

  it('throws a failure that can pass, so that the event or the sweep target is retried', async () => {
    // Prepare
    const ecr = new FakeEcr(compliantState());

    // Act
    const run = enforceRegistry(TARGET, {
      reader: failing(ecr, 'basicScanTypeVersion', true),
      writer: ecr,
      standard: standardWith(),
      dryRun: true,
    });

    // Assess
    await expect(run).rejects.toBeInstanceOf(AwsCallError);
  });
});
