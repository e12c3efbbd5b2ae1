import { describe, expect, it } from 'vitest';
import { EnvironmentError, readSweepEnvironment } from '#lib/config/environment.ts';

describe('Function: readSweepEnvironment', () => {
  it('assumes no region: without ECR_GUARD_SWEEP_REGIONS the list is empty, not the own region', () => {
    expect(readSweepEnvironment({ AWS_REGION: 'eu-west-1' })).toEqual({
      regions: [],
      queueUrl: undefined,
      mode: 'enforce',
      securityHub: false,
    });
  });

  it('reads the regions, the queue and the mode', () => {
    expect(
      readSweepEnvironment({
        AWS_REGION: 'eu-west-1',
        ECR_GUARD_SWEEP_REGIONS: 'eu-west-1, us-east-1,eu-west-1',
        ECR_GUARD_SWEEP_QUEUE_URL:
          'https://sqs.eu-west-1.amazonaws.com/111111111111/ecr-guard-sweep',
        ECR_GUARD_SWEEP_MODE: 'audit',
        ECR_GUARD_SWEEP_SECURITY_HUB: 'true',
      }),
    ).toEqual({
      regions: ['eu-west-1', 'us-east-1'],
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111111111111/ecr-guard-sweep',
      mode: 'audit',
      securityHub: true,
    });
  });

  it.each([
    [{ ECR_GUARD_SWEEP_REGIONS: 'eu-west-1,mars' }, 'ECR_GUARD_SWEEP_REGIONS'],
    [{ ECR_GUARD_SWEEP_MODE: 'fix' }, 'ECR_GUARD_SWEEP_MODE'],
    [{ ECR_GUARD_SWEEP_SECURITY_HUB: 'yes' }, 'ECR_GUARD_SWEEP_SECURITY_HUB'],
  ])('names the variable that is wrong: %j', (env, variable) => {
    expect(() => readSweepEnvironment({ AWS_REGION: 'eu-west-1', ...env })).toThrow(
      expect.objectContaining({ name: 'EnvironmentError', variable }),
    );
    expect(() => readSweepEnvironment({ AWS_REGION: 'eu-west-1', ...env })).toThrow(
      EnvironmentError,
    );
  });
});
