import { describe, expect, it } from 'vitest';
import {
  evaluateRegistryScanning,
  type RegistryScanning,
  registryScanningControl,
  remediationKindOf,
  scanning,
} from '#lib/controls/index.ts';
import type { Standard } from '#lib/standard/index.ts';
import { standardWith } from '../../support/repository-state.ts';

const TARGET = { account: '123456789012', region: 'us-east-1' };
const EVERYTHING_ON_PUSH: RegistryScanning = {
  scanType: 'BASIC',
  rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: ['*'] }],
};

function evaluate(
  registryScanning: RegistryScanning,
  basicScanTypeVersion: string | undefined,
  manageRegistry = false,
): ReturnType<typeof evaluateRegistryScanning> {
  const standard: Standard = standardWith();
  standard.scanning.manageRegistry = manageRegistry;
  return evaluateRegistryScanning(
    { ...TARGET, registryScanning, basicScanTypeVersion },
    standard.registryScanning,
    standard as unknown as Record<string, unknown>,
  );
}

describe('Control: registry-scanning', () => {
  describe('Method: evaluate', () => {
    it.each<[string, RegistryScanning]>([
      ['scan on push of *', EVERYTHING_ON_PUSH],
      [
        'continuous scanning of * (enhanced)',
        {
          scanType: 'ENHANCED',
          rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: ['*'] }],
        },
      ],
    ])('accepts %s', (_what, configuration) => {
      expect(evaluate(configuration, 'AWS_NATIVE')).toEqual({
        compliant: true,
      });
    });

    it.each<[string, RegistryScanning, string]>([
      ['no rule', { scanType: 'BASIC', rules: [] }, 'no rule'],
      [
        'a MANUAL rule only',
        { scanType: 'BASIC', rules: [{ scanFrequency: 'MANUAL', repositoryFilters: ['*'] }] },
        'MANUAL on *',
      ],
      [
        'scan on push of some repositories',
        {
          scanType: 'BASIC',
          rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: ['prod-*'] }],
        },
        'SCAN_ON_PUSH on prod-*',
      ],
    ])(
      'reports %s, and leaves the registry alone without manageRegistry',
      (_what, configuration, rules) => {
        // Act
        const result = evaluate(configuration, 'AWS_NATIVE');

        // Assess
        expect(result).toEqual({
          compliant: false,
          reason: `no BASIC scanning rule scans every repository on push or continuously (${rules}) (scanning.manageRegistry is false, so ecr-guard leaves the registry alone)`,
        });
      },
    );

    it('reports basic scanning on the CLAIR engine', () => {
      // Act
      const result = evaluate(EVERYTHING_ON_PUSH, 'CLAIR');

      // Assess
      expect(result).toMatchObject({
        compliant: false,
        reason: expect.stringContaining(
          'basic scanning uses the CLAIR engine (BASIC_SCAN_TYPE_VERSION), not AWS_NATIVE: CLAIR is being retired',
        ),
      });
    });

    it('does not judge the basic engine under enhanced scanning', () => {
      expect(evaluate({ ...EVERYTHING_ON_PUSH, scanType: 'ENHANCED' }, 'CLAIR')).toEqual({
        compliant: true,
      });
    });

    it('with manageRegistry, fixes both: a * scan-on-push rule merged in, then the engine', () => {
      // Act
      const result = evaluate({ scanType: 'BASIC', rules: [] }, 'CLAIR', true);

      // Assess
      expect(result).toMatchObject({
        compliant: false,
        remediation: {
          action: 'ecr:PutRegistryScanningConfiguration',
          scanning: {
            scanType: 'BASIC',
            rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: ['*'] }],
          },
        },
        moreRemediations: [
          { action: 'ecr:PutAccountSetting', name: 'BASIC_SCAN_TYPE_VERSION', value: 'AWS_NATIVE' },
        ],
      });
    });

    it('writes the registry scanning configuration through the very kind of the scanning control', () => {
      expect(registryScanningControl.remediations['ecr:PutRegistryScanningConfiguration']).toBe(
        scanning.remediations['ecr:PutRegistryScanningConfiguration'],
      );
      expect(remediationKindOf('ecr:PutAccountSetting').control).toBe(registryScanningControl);
      expect(registryScanningControl.reads.flatMap((f) => f.actions).sort()).toEqual([
        'ecr:GetAccountSetting',
        'ecr:GetRegistryScanningConfiguration',
      ]);
    });
  });
});
