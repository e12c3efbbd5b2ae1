import { PutImageTagMutabilityCommand } from '@aws-sdk/client-ecr';
import type { RemediationKind } from '../control.ts';
import type { ImmutabilityMode } from './config.ts';

/** Sets a repository's tag mutability (and its exclusion filters). */
export interface PutImageTagMutability {
  action: 'ecr:PutImageTagMutability';
  repositoryName: string;
  imageTagMutability: ImmutabilityMode;
  exclusionFilters: string[];
}

export const putImageTagMutability: RemediationKind<PutImageTagMutability> = {
  action: 'ecr:PutImageTagMutability',
  async send({ ecr }, remediation) {
    await ecr.send(
      new PutImageTagMutabilityCommand({
        repositoryName: remediation.repositoryName,
        imageTagMutability: remediation.imageTagMutability,
        ...(remediation.imageTagMutability === 'IMMUTABLE_WITH_EXCLUSION'
          ? {
              imageTagMutabilityExclusionFilters: remediation.exclusionFilters.map((filter) => ({
                filter,
                filterType: 'WILDCARD' as const,
              })),
            }
          : {}),
      }),
    );
  },
};
