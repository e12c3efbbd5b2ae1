import { describe, expect, it } from 'vitest';
import { DEFAULT_STANDARD, parseStandard, standardPermissions } from '#lib/standard/index.ts';

describe('Function: standardPermissions', () => {
  it('grants no registry-wide write with the default standard (scanning.manageRegistry: false)', () => {
    // Act
    const permissions = standardPermissions(DEFAULT_STANDARD);

    // Assess
    expect(permissions.registryWrites).toEqual([]);
    expect(permissions.registry).toEqual([
      'ecr:DescribePullThroughCacheRules',
      'ecr:DescribeRepositoryCreationTemplates',
      'ecr:GetAccountSetting',
      'ecr:GetRegistryScanningConfiguration',
    ]);
  });

  it('grants the registry scanning write when the standard manages the registry', () => {
    // Act
    const permissions = standardPermissions(parseStandard({ scanning: { manageRegistry: true } }));

    // Assess
    expect(permissions.registryWrites).toEqual([
      'ecr:PutAccountSetting',
      'ecr:PutRegistryScanningConfiguration',
    ]);
    expect(permissions.registry).toContain('ecr:PutRegistryScanningConfiguration');
  });

  it('grants the creation template writes, with what ECR requires of them, only in enforce mode', () => {
    // Act
    const reporting = standardPermissions(parseStandard({ creationTemplates: { mode: 'report' } }));
    const enforcing = standardPermissions(
      parseStandard({ creationTemplates: { mode: 'enforce' } }),
    );

    // Assess
    expect(reporting.registryWrites).toEqual([]);
    expect(enforcing.registryWrites).toEqual([
      'ecr:CreateRepository',
      'ecr:CreateRepositoryCreationTemplate',
      'ecr:UpdateRepositoryCreationTemplate',
    ]);
  });

  it('grants it when only a scope manages the registry', () => {
    // Act
    const permissions = standardPermissions(
      parseStandard({
        scopes: [
          {
            name: 'platform',
            match: { repositories: ['platform/*'] },
            scanning: { manageRegistry: true },
          },
        ],
      }),
    );

    // Assess
    expect(permissions.registryWrites).toEqual([
      'ecr:PutAccountSetting',
      'ecr:PutRegistryScanningConfiguration',
    ]);
  });
});
