import { describe, expect, it } from 'vitest';
import { type RegistryScanning, scanning } from '#lib/controls/index.ts';
import { compliantState, controlState, standardWith } from '../../support/repository-state.ts';

const enhanced = (rules: RegistryScanning['rules']): RegistryScanning => ({
  scanType: 'ENHANCED',
  rules,
});

describe('Control: scanning', () => {
  describe('Method: evaluate', () => {
    it('turns scan on push on for a basic-scanning repository that lacks it', () => {
      // Act
      const result = scanning.evaluate(
        controlState(compliantState({ scanOnPush: false })),
        standardWith().scanning,
      );

      // Assess
      expect(result).toEqual({
        compliant: false,
        reason: 'images are not scanned on push',
        remediation: {
          action: 'ecr:PutImageScanningConfiguration',
          repositoryName: 'payments-checkout-api',
          scanOnPush: true,
        },
      });
    });

    it.each([
      ['SCAN_ON_PUSH', 'payments-*'],
      ['CONTINUOUS_SCAN', '*'],
    ] as const)('accepts a registry %s rule with filter %s that matches', (frequency, filter) => {
      // Prepare
      const state = compliantState({
        scanOnPush: false,
        registryScanning: enhanced([{ scanFrequency: frequency, repositoryFilters: [filter] }]),
      });

      // Act
      const result = scanning.evaluate(controlState(state), standardWith().scanning);

      // Assess
      expect(result).toEqual({ compliant: true });
    });

    it('reports, without fixing, an enhanced registry whose rules miss the repository', () => {
      // Prepare
      const state = compliantState({
        registryScanning: enhanced([{ scanFrequency: 'MANUAL', repositoryFilters: ['*'] }]),
      });

      // Act
      const result = scanning.evaluate(controlState(state), standardWith().scanning);

      // Assess
      expect(result).toEqual({
        compliant: false,
        reason:
          'enhanced scanning is on, but no registry scanning rule matches the repository (scanning.manageRegistry is false, so ecr-guard leaves the registry alone)',
      });
    });

    it('adds the repository to the scan-on-push rule when it may manage the registry', () => {
      // Prepare
      const state = compliantState({
        registryScanning: enhanced([
          { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: ['web-*'] },
          { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: ['prod-*'] },
        ]),
      });

      // Act
      const result = scanning.evaluate(
        controlState(state),
        standardWith({ scanning: { manageRegistry: true } }).scanning,
      );

      // Assess
      expect(result).toMatchObject({
        compliant: false,
        remediation: {
          action: 'ecr:PutRegistryScanningConfiguration',
          scanning: {
            scanType: 'ENHANCED',
            rules: [
              {
                scanFrequency: 'SCAN_ON_PUSH',
                repositoryFilters: ['web-*', 'payments-checkout-api'],
              },
              { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: ['prod-*'] },
            ],
          },
        },
      });
    });
  });
});
