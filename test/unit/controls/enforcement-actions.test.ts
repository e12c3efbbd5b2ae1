import { describe, expect, it } from 'vitest';
import {
  CONTROLS,
  controlActions,
  ENGINE_FACTS,
  enforcementActions,
  enforcementPermissions,
  lifecycle,
  registryWriteActions,
} from '#lib/controls/index.ts';

describe('Function: enforcementActions', () => {
  it.each(CONTROLS.map((control) => [control.name, control]))(
    'holds every action control %s declares (Cloud Custodian’s permissions meta-test)',
    (_name, control) => {
      // Assess
      const { reads, writes } = controlActions(control);
      // ECR's, what the lifecycle control's guard reads of what runs (ECS, Lambda, Inspector),
      // and EC2's reads for the VPC endpoints.
      for (const action of [...reads, ...writes]) {
        expect(action).toMatch(/^(ecr|ecs|lambda|inspector2|ec2):[A-Z][A-Za-z]+$/);
        expect(enforcementActions()).toContain(action);
      }
    },
  );

  it("holds the engine's own reads: the repository (and the listing) and its tags", () => {
    // Assess
    expect(ENGINE_FACTS.flatMap((fact) => fact.actions)).toEqual([
      'ecr:DescribeRepositories',
      'ecr:ListTagsForResource',
    ]);
    expect(enforcementActions()).toEqual(
      expect.arrayContaining(['ecr:DescribeRepositories', 'ecr:ListTagsForResource']),
    );
  });

  it("holds the writes' dependent actions: a creation template needs ecr:CreateRepository", () => {
    // Assess
    expect(enforcementActions()).toEqual(
      expect.arrayContaining([
        'ecr:CreateRepository',
        'ecr:CreateRepositoryCreationTemplate',
        'ecr:PutLifecyclePolicy',
      ]),
    );
  });

  it('holds what the lifecycle control’s guard reads: the images, and what runs', () => {
    // Assess
    expect(controlActions(lifecycle).reads).toEqual([
      'ecr:DescribeImages',
      'ecr:GetLifecyclePolicy',
      'ecs:DescribeServices',
      'ecs:DescribeTaskDefinition',
      'ecs:DescribeTasks',
      'ecs:ListClusters',
      'ecs:ListServices',
      'ecs:ListTasks',
      'inspector2:ListFindings',
      'lambda:GetFunction',
      'lambda:ListFunctions',
    ]);
  });

  it('is sorted and has no duplicates', () => {
    // Prepare
    const actions = enforcementActions();

    // Assess
    expect(actions).toEqual([...new Set(actions)].sort());
  });
});

describe('Function: enforcementPermissions', () => {
  it.each(CONTROLS.map((control) => [control.name, control]))(
    'knows when control %s may make its registry-wide writes (a standard must enable them)',
    (_name, control) => {
      // Prepare
      const kinds = Object.values<{ registryWide?: boolean }>(control.remediations);

      // Assess
      if (kinds.some((kind) => kind.registryWide === true)) {
        expect(control.registryWritesEnabled).toEqual(expect.any(Function));
      }
    },
  );

  it('grants ECR’s repository actions on repositories, its registry reads and writes on "*", other services apart', () => {
    // Act
    const permissions = enforcementPermissions();

    // Assess
    expect(permissions).toEqual({
      repository: [
        'ecr:DeleteRepositoryPolicy',
        'ecr:DescribeImages',
        'ecr:DescribeRepositories',
        'ecr:GetLifecyclePolicy',
        'ecr:GetRepositoryPolicy',
        'ecr:ListTagsForResource',
        'ecr:PutImageScanningConfiguration',
        'ecr:PutImageTagMutability',
        'ecr:PutLifecyclePolicy',
        'ecr:SetRepositoryPolicy',
      ],
      registry: [
        'ecr:CreateRepository',
        'ecr:CreateRepositoryCreationTemplate',
        'ecr:DescribePullThroughCacheRules',
        'ecr:DescribeRepositoryCreationTemplates',
        'ecr:GetAccountSetting',
        'ecr:GetRegistryScanningConfiguration',
        'ecr:PutAccountSetting',
        'ecr:PutRegistryScanningConfiguration',
        'ecr:UpdateRepositoryCreationTemplate',
      ],
      // A creation template's writer also needs ecr:CreateRepository (and ecr:PutLifecyclePolicy,
      // granted on the repositories already): it goes with the write.
      registryWrites: [
        'ecr:CreateRepository',
        'ecr:CreateRepositoryCreationTemplate',
        'ecr:PutAccountSetting',
        'ecr:PutRegistryScanningConfiguration',
        'ecr:UpdateRepositoryCreationTemplate',
      ],
      // The lifecycle guard's reads of what runs, the vpc-endpoints control's network reads: on
      // their own services' resources.
      otherServices: [
        'ec2:DescribeRouteTables',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcEndpoints',
        'ecs:DescribeServices',
        'ecs:DescribeTaskDefinition',
        'ecs:DescribeTasks',
        'ecs:ListClusters',
        'ecs:ListServices',
        'ecs:ListTasks',
        'inspector2:ListFindings',
        'lambda:GetFunction',
        'lambda:ListFunctions',
      ],
    });
    expect(
      [...permissions.repository, ...permissions.registry, ...permissions.otherServices].sort(),
    ).toEqual(enforcementActions());
  });

  it('leaves out the registry-wide writes no control is granted', () => {
    // Act
    const permissions = enforcementPermissions(CONTROLS, () => false);

    // Assess
    expect(permissions.registryWrites).toEqual([]);
    expect(permissions.registry).not.toContain('ecr:PutRegistryScanningConfiguration');
    // Repository writes are not registry-wide: always granted.
    expect(permissions.repository).toContain('ecr:PutImageScanningConfiguration');
    expect(permissions.registry).not.toContain('ecr:CreateRepository');
    expect(registryWriteActions()).toEqual([
      'ecr:CreateRepository',
      'ecr:CreateRepositoryCreationTemplate',
      'ecr:PutAccountSetting',
      'ecr:PutRegistryScanningConfiguration',
      'ecr:UpdateRepositoryCreationTemplate',
    ]);
  });
});
