import {
  ECRClient,
  GetRegistryScanningConfigurationCommand,
  PutRegistryScanningConfigurationCommand,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { EcrGateway, type RegistryScanning } from '#lib/controls/index.ts';

/** The registry as ECR holds it: each put replaces it whole, each get returns the last put. */
function registryOf(initial: RegistryScanning): ReturnType<typeof mockClient> {
  const ecr = mockClient(ECRClient);
  let held = {
    scanType: initial.scanType,
    rules: initial.rules.map((r) => ({
      scanFrequency: r.scanFrequency,
      repositoryFilters: r.repositoryFilters.map((filter) => ({
        filter,
        filterType: 'WILDCARD' as const,
      })),
    })),
  };
  ecr.on(GetRegistryScanningConfigurationCommand).callsFake(async () => ({
    scanningConfiguration: structuredClone(held),
  }));
  ecr.on(PutRegistryScanningConfigurationCommand).callsFake(async (input) => {
    held = { scanType: input.scanType, rules: input.rules };
    return {};
  });
  return ecr;
}

function wantOnPush(current: RegistryScanning, repository: string): RegistryScanning {
  return {
    scanType: current.scanType,
    rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [repository] }],
  };
}

describe('Class: EcrGateway', () => {
  describe('Method: apply (registry scanning)', () => {
    it('keeps every repository when several registry fixes are applied at once', async () => {
      // Prepare
      const ecr = registryOf({ scanType: 'ENHANCED', rules: [] });
      const gateway = new EcrGateway({
        client: new ECRClient({ region: 'us-east-1' }),
        account: '123456789012',
        region: 'us-east-1',
      });
      const stale: RegistryScanning = { scanType: 'ENHANCED', rules: [] };

      // Act: three fixes, each computed from the same (stale) read, as a sweep does.
      await Promise.all(
        ['app-a', 'app-b', 'app-c'].map((name) =>
          gateway.apply({
            action: 'ecr:PutRegistryScanningConfiguration',
            scanning: wantOnPush(stale, name),
          }),
        ),
      );

      // Assess
      const last = ecr.commandCalls(PutRegistryScanningConfigurationCommand).at(-1)?.args[0].input;
      expect(last?.rules).toEqual([
        {
          scanFrequency: 'SCAN_ON_PUSH',
          repositoryFilters: ['app-a', 'app-b', 'app-c'].map((filter) => ({
            filter,
            filterType: 'WILDCARD',
          })),
        },
      ]);
    });

    it('keeps a rule someone added after ecr-guard read the configuration', async () => {
      // Prepare
      const ecr = registryOf({
        scanType: 'ENHANCED',
        rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: ['prod-*'] }],
      });
      const gateway = new EcrGateway({
        client: new ECRClient({ region: 'us-east-1' }),
        account: '123456789012',
        region: 'us-east-1',
      });

      // Act
      await gateway.apply({
        action: 'ecr:PutRegistryScanningConfiguration',
        scanning: wantOnPush({ scanType: 'ENHANCED', rules: [] }, 'app-a'),
      });

      // Assess
      expect(ecr).toHaveReceivedCommandWith(PutRegistryScanningConfigurationCommand, {
        scanType: 'ENHANCED',
        rules: [
          {
            scanFrequency: 'CONTINUOUS_SCAN',
            repositoryFilters: [{ filter: 'prod-*', filterType: 'WILDCARD' }],
          },
          {
            scanFrequency: 'SCAN_ON_PUSH',
            repositoryFilters: [{ filter: 'app-a', filterType: 'WILDCARD' }],
          },
        ],
      });
    });
  });
});
