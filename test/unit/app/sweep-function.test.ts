import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSweepFunction } from '#lib/app/sweep-function.ts';

describe('Function: createSweepFunction', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('refuses to start without the regions to sweep, naming the variable and the parameter', () => {
    // Prepare
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('ECR_GUARD_SWEEP_QUEUE_URL', 'https://sqs.eu-west-1.amazonaws.com/111111111111/q');
    vi.stubEnv('ECR_GUARD_SWEEP_REGIONS', '');

    // Act
    const start = (): unknown => createSweepFunction();

    // Assess
    expect(start).toThrow(
      expect.objectContaining({
        name: 'EnvironmentError',
        variable: 'ECR_GUARD_SWEEP_REGIONS',
        message: expect.stringContaining('sweepRegions parameter'),
      }),
    );
  });

  it('starts with the regions the stack gives it', () => {
    // Prepare
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('ECR_GUARD_SWEEP_QUEUE_URL', 'https://sqs.eu-west-1.amazonaws.com/111111111111/q');
    vi.stubEnv('ECR_GUARD_SWEEP_REGIONS', 'eu-west-1,us-east-1');

    // Act
    const started = createSweepFunction();

    // Assess
    expect(typeof started.handle).toBe('function');
  });
});
