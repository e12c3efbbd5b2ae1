import { describe, expect, it } from 'vitest';
import { parseRepositoryArn } from '#lib/events/repository-arn.ts';

describe('Function: parseRepositoryArn', () => {
  it.each([
    [
      'arn:aws:ecr:us-east-2:123456789012:repository/amazon/amazon-ecs-sample',
      {
        partition: 'aws',
        region: 'us-east-2',
        account: '123456789012',
        repositoryName: 'amazon/amazon-ecs-sample',
      },
    ],
    [
      'arn:aws:ecr:eu-central-1:520666953574:repository/azure-agent',
      {
        partition: 'aws',
        region: 'eu-central-1',
        account: '520666953574',
        repositoryName: 'azure-agent',
      },
    ],
    [
      'arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/team/app',
      {
        partition: 'aws-us-gov',
        region: 'us-gov-west-1',
        account: '123456789012',
        repositoryName: 'team/app',
      },
    ],
  ])('splits %s', (arn, expected) => {
    // Act
    const parsed = parseRepositoryArn(arn);

    // Assess
    expect(parsed).toStrictEqual(expected);
  });

  it.each([
    ['a bare name', 'inspector2'],
    ['another service', 'arn:aws:s3:us-east-1:123456789012:repository/app'],
    ['an 11-digit account', 'arn:aws:ecr:us-east-1:12345678901:repository/app'],
    ['an uppercase name', 'arn:aws:ecr:us-east-1:123456789012:repository/App'],
    [
      'an image ARN (name/sha256:…)',
      'arn:aws:ecr:us-east-1:123456789012:repository/app/sha256:abc',
    ],
    ['no name', 'arn:aws:ecr:us-east-1:123456789012:repository/'],
  ])('refuses %s', (_case, arn) => {
    // Act
    const parsed = parseRepositoryArn(arn);

    // Assess
    expect(parsed).toBeUndefined();
  });
});
