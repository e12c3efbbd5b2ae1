import { describe, expect, it } from 'vitest';
import { EnvironmentError, readEnvironment } from '#lib/config/environment.ts';

const BASE = { AWS_REGION: 'eu-west-1' };

describe('Function: readEnvironment › cross-account settings', () => {
  it('is single-account mode without ECR_GUARD_ACCOUNT_ID (the CLI)', () => {
    // Act
    const { crossAccount } = readEnvironment(BASE);

    // Assess
    expect(crossAccount).toBeUndefined();
  });

  it('reads what serverless.yml sets', () => {
    // Act
    const { crossAccount } = readEnvironment({
      ...BASE,
      ECR_GUARD_ACCOUNT_ID: '111111111111',
      ECR_GUARD_ALLOWED_ACCOUNTS: 'organization',
      ECR_GUARD_MEMBER_ROLE_NAME: 'ecr-guard-remediation',
      ECR_GUARD_PARTITION: 'aws-us-gov',
    });

    // Assess
    expect(crossAccount).toEqual({
      centralAccount: '111111111111',
      allowedAccounts: 'organization',
      memberRoleName: 'ecr-guard-remediation',
      partition: 'aws-us-gov',
    });
  });

  it('reads an allow-list of account ids, and defaults the role name and partition', () => {
    // Act
    const { crossAccount } = readEnvironment({
      ...BASE,
      ECR_GUARD_ACCOUNT_ID: '111111111111',
      ECR_GUARD_ALLOWED_ACCOUNTS: '222222222222, 333333333333',
    });

    // Assess
    expect(crossAccount).toEqual({
      centralAccount: '111111111111',
      allowedAccounts: ['222222222222', '333333333333'],
      memberRoleName: 'ecr-guard-remediation',
      partition: 'aws',
    });
  });

  it.each([
    ['ECR_GUARD_ACCOUNT_ID', { ECR_GUARD_ACCOUNT_ID: '1234' }, /not a 12-digit account id/],
    ['ECR_GUARD_ALLOWED_ACCOUNTS', { ECR_GUARD_ACCOUNT_ID: '111111111111' }, /is not set/],
    [
      'ECR_GUARD_ALLOWED_ACCOUNTS',
      { ECR_GUARD_ACCOUNT_ID: '111111111111', ECR_GUARD_ALLOWED_ACCOUNTS: '222222222222,all' },
      /lists "all", not 12-digit account ids/,
    ],
    [
      'ECR_GUARD_MEMBER_ROLE_NAME',
      {
        ECR_GUARD_ACCOUNT_ID: '111111111111',
        ECR_GUARD_ALLOWED_ACCOUNTS: 'organization',
        ECR_GUARD_MEMBER_ROLE_NAME: 'role/with/slashes',
      },
      /not an IAM role name/,
    ],
  ])('fails fast, naming %s', (variable, env, problem) => {
    // Act
    const act = (): unknown => readEnvironment({ ...BASE, ...env });

    // Assess
    expect(act).toThrow(EnvironmentError);
    expect(act).toThrow(problem);
    try {
      act();
    } catch (error) {
      expect((error as EnvironmentError).variable).toBe(variable);
    }
  });
});
