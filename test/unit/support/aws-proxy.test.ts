import { describe, expect, it } from 'vitest';
import { isWriteOperation } from '../../../harness/aws-proxy.ts';

describe('Function: isWriteOperation', () => {
  it.each([
    ['ecr:PutLifecyclePolicy', true],
    ['PutImageTagMutability', true],
    ['ecr:DeleteLifecyclePolicy', true],
    ['ecr:DescribeRepositories', false],
    ['ecr:BatchGetRepositoryScanningConfiguration', false],
    ['ecr:GetLifecyclePolicy', false],
  ])('classifies %s as a write: %s', (operation, expected) => {
    expect(isWriteOperation(operation)).toBe(expected);
  });
});
