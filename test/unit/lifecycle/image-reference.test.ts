import { describe, expect, it } from 'vitest';
import { parseEcrImageUri } from '#lib/lifecycle/index.ts';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('Function: parseEcrImageUri', () => {
  it.each([
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/payments/api:build-2',
      { repositoryName: 'payments/api', tag: 'build-2' },
    ],
    [
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/payments/api@${DIGEST}`,
      { repositoryName: 'payments/api', digest: DIGEST },
    ],
    [
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v1@${DIGEST}`,
      { repositoryName: 'api', tag: 'v1', digest: DIGEST },
    ],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/api', { repositoryName: 'api', tag: 'latest' }],
  ])('reads %s', (uri, expected) => {
    // Act
    const reference = parseEcrImageUri(uri);

    // Assess
    expect(reference).toEqual({ account: '123456789012', region: 'us-east-1', ...expected });
  });

  it.each([
    'nginx:1.27',
    'public.ecr.aws/nginx/nginx:latest',
    'ghcr.io/org/app:1',
    '12345.dkr.ecr.us-east-1.amazonaws.com/api:v1',
  ])('leaves out %s, not a private ECR image', (uri) => {
    // Assess
    expect(parseEcrImageUri(uri)).toBeUndefined();
  });
});
