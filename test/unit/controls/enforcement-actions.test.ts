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
      // ECR's, and what the lifecycle control's guard reads of what runs (ECS, Lambda, Inspector).
      for (const action of [...reads, ...writes]) {
        expect(action).toMatch(/^(ecr|ecs|lambda|inspector2):[A-Z][A-Za-z]+$/);
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
        'ecr:DescribeImages',
        'ecr:DescribeRepositories',
        'ecr:GetLifecyclePolicy',
        'ecr:ListTagsForResource',
        'ecr:PutImageScanningConfiguration',
        'ecr:PutImageTagMutability',
        'ecr:PutLifecyclePolicy',
      ],
      registry: [
        'ecr:DescribePullThroughCacheRules',
        'ecr:GetRegistryScanningConfiguration',
        'ecr:PutRegistryScanningConfiguration',
      ],
      registryWrites: ['ecr:PutRegistryScanningConfiguration'],
      // The lifecycle guard's reads of what runs: on their own services' resources.
      otherServices: [
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
    expect(registryWriteActions()).toEqual(['ecr:PutRegistryScanningConfiguration']);
  });
});
