import 'aws-sdk-client-mock-vitest/extend';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountNotAllowedError,
  createAccountAllowList,
  crossAccountCredentials,
} from '#lib/aws/index.ts';

const CENTRAL = '111111111111';
const MEMBER = '222222222222';

describe('Function: crossAccountCredentials', () => {
  const sts = mockClient(STSClient);
  afterEach(() => sts.reset());

  function credentialsFor(allowed: 'organization' | string[] = 'organization', partition?: string) {
    return crossAccountCredentials({
      centralAccount: CENTRAL,
      allowList: createAccountAllowList({ centralAccount: CENTRAL, allowed }),
      sts: new STSClient({ region: 'us-east-1' }),
      sessionName: 'ecr-guard-test',
      ...(partition === undefined ? {} : { partition }),
    });
  }

  it("acts in the central account with the function's own credentials", () => {
    // Act
    const credentials = credentialsFor()({ account: CENTRAL, region: 'eu-west-1' });

    // Assess
    expect(credentials).toBeUndefined();
  });

  it('acts in a member account through its ecr-guard-remediation role', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIA',
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: new Date(Date.now() + 3_600_000),
      },
    });

    // Act
    const provider = credentialsFor()({ account: MEMBER, region: 'eu-west-1' });
    await provider?.();

    // Assess
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: `arn:aws:iam::${MEMBER}:role/ecr-guard-remediation`,
      RoleSessionName: 'ecr-guard-test',
      DurationSeconds: 3600,
    });
  });

  it('sets a source identity on every session, the session name unless told otherwise', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIA',
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: new Date(Date.now() + 3_600_000),
      },
    });
    const named = crossAccountCredentials({
      centralAccount: CENTRAL,
      allowList: createAccountAllowList({ centralAccount: CENTRAL, allowed: 'organization' }),
      sts: new STSClient({ region: 'us-east-1' }),
      sessionName: 'ecr-guard-report-findings',
      sourceIdentity: 'ecr-guard-prod-report-findings',
      memberRoleName: 'ecr-guard-reader',
    });

    // Act
    await credentialsFor()({ account: MEMBER, region: 'eu-west-1' })?.();
    await named({ account: MEMBER, region: 'eu-west-1' })?.();

    // Assess
    expect(sts).toHaveReceivedNthCommandWith(AssumeRoleCommand, 1, {
      RoleSessionName: 'ecr-guard-test',
      SourceIdentity: 'ecr-guard-test',
    });
    expect(sts).toHaveReceivedNthCommandWith(AssumeRoleCommand, 2, {
      RoleArn: `arn:aws:iam::${MEMBER}:role/ecr-guard-reader`,
      RoleSessionName: 'ecr-guard-report-findings',
      SourceIdentity: 'ecr-guard-prod-report-findings',
    });
  });

  it('builds the role ARN in the partition it runs in', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'A',
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: new Date(Date.now() + 3_600_000),
      },
    });

    // Act
    await credentialsFor('organization', 'aws-cn')({ account: MEMBER, region: 'cn-north-1' })?.();

    // Assess
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: `arn:aws-cn:iam::${MEMBER}:role/ecr-guard-remediation`,
    });
  });

  it('shares one session per account across regions', () => {
    // Prepare
    const credentialsOf = credentialsFor();

    // Act
    const west = credentialsOf({ account: MEMBER, region: 'eu-west-1' });
    const east = credentialsOf({ account: MEMBER, region: 'us-east-1' });

    // Assess
    expect(west).toBeDefined();
    expect(east).toBe(west);
  });

  it('refuses an account outside the allow-list before any call', () => {
    // Act
    const act = (): unknown =>
      credentialsFor([MEMBER])({ account: '333333333333', region: 'eu-west-1' });

    // Assess
    expect(act).toThrow(AccountNotAllowedError);
    expect(act).toThrow('account 333333333333 is not allowed');
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  });

  it.each([
    ['a session longer than an hour', { durationSeconds: 7200 }],
    ['a session shorter than STS allows', { durationSeconds: 600 }],
    ['an invalid session name', { sessionName: 'ecr guard' }],
    ['a source identity STS refuses', { sourceIdentity: 'ecr guard' }],
    ['a source identity in the aws: namespace', { sourceIdentity: 'aws:lambda' }],
  ])('refuses %s', (_what, options) => {
    // Act
    const act = (): unknown =>
      crossAccountCredentials({
        centralAccount: CENTRAL,
        allowList: createAccountAllowList({ centralAccount: CENTRAL, allowed: 'organization' }),
        sts: new STSClient({ region: 'us-east-1' }),
        ...options,
      });

    // Assess
    expect(act).toThrow(RangeError);
  });
});
