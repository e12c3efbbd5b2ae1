import 'aws-sdk-client-mock-vitest/extend';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { assumeRoleCredentials, MemberRoleAssumptionError } from '#lib/aws/index.ts';

const ACCOUNT = '222222222222';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ecr-guard-remediation`;
const T0 = Date.parse('2026-11-29T12:00:00Z');
const HOUR = 3_600_000;

function issued(expiresAt: number, key = 'ASIAFIRST') {
  return {
    Credentials: {
      AccessKeyId: key,
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(expiresAt),
    },
  };
}

function accessDenied(): STSServiceException {
  return new STSServiceException({
    name: 'AccessDenied',
    message: `not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
  });
}

describe('Function: assumeRoleCredentials', () => {
  const sts = mockClient(STSClient);
  afterEach(() => sts.reset());

  function provider(clock: { now: number }) {
    return assumeRoleCredentials({
      sts: new STSClient({ region: 'us-east-1' }),
      account: ACCOUNT,
      roleArn: ROLE_ARN,
      sessionName: 'ecr-guard-enforce-repository',
      durationSeconds: 3600,
      refreshBeforeExpiryMs: 5 * 60_000,
      now: () => clock.now,
    });
  }

  it('assumes the role with a session naming ecr-guard, for an hour', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).resolves(issued(T0 + HOUR));

    // Act
    const credentials = await provider({ now: T0 })();

    // Assess
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: ROLE_ARN,
      RoleSessionName: 'ecr-guard-enforce-repository',
      DurationSeconds: 3600,
    });
    expect(credentials).toEqual({
      accessKeyId: 'ASIAFIRST',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date(T0 + HOUR),
      accountId: ACCOUNT,
    });
  });

  it('reuses the session until it is close to expiry', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).resolves(issued(T0 + HOUR));
    const clock = { now: T0 };
    const credentials = provider(clock);
    await credentials();

    // Act
    clock.now = T0 + HOUR - 6 * 60_000;
    const later = await credentials();

    // Assess
    expect(later.accessKeyId).toBe('ASIAFIRST');
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
  });

  it('renews the session five minutes before it expires', async () => {
    // Prepare
    sts
      .on(AssumeRoleCommand)
      .resolvesOnce(issued(T0 + HOUR))
      .resolvesOnce(issued(T0 + 2 * HOUR, 'ASIASECOND'));
    const clock = { now: T0 };
    const credentials = provider(clock);
    await credentials();

    // Act
    clock.now = T0 + HOUR - 4 * 60_000;
    const renewed = await credentials();

    // Assess
    expect(renewed.accessKeyId).toBe('ASIASECOND');
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('makes one AssumeRole call for concurrent callers', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).resolves(issued(T0 + HOUR));
    const credentials = provider({ now: T0 });

    // Act
    const all = await Promise.all([credentials(), credentials(), credentials()]);

    // Assess
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(['ASIAFIRST']));
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
  });

  it('fails with an error naming the account and the role, keeping the cause', async () => {
    // Prepare
    const denied = accessDenied();
    sts.on(AssumeRoleCommand).rejects(denied);

    // Act
    const failure = await provider({ now: T0 })().catch((e: unknown) => e);

    // Assess
    expect(failure).toBeInstanceOf(MemberRoleAssumptionError);
    expect(failure).toMatchObject({
      name: 'MemberRoleAssumptionError',
      account: ACCOUNT,
      roleArn: ROLE_ARN,
      operation: 'sts:AssumeRole',
      retryable: false,
      cause: denied,
      message: `cannot assume role ${ROLE_ARN} in account ${ACCOUNT}: AccessDenied: ${denied.message}`,
    });
  });

  it('calls a failure of STS itself retryable', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).rejects(
      new STSServiceException({
        name: 'ServiceUnavailable',
        message: 'Service unavailable',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
      }),
    );

    // Act
    const failure = await provider({ now: T0 })().catch((e: unknown) => e);

    // Assess
    expect(failure).toMatchObject({ name: 'MemberRoleAssumptionError', retryable: true });
  });

  it('does not keep a failure: the next use tries again', async () => {
    // Prepare
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(accessDenied())
      .resolves(issued(T0 + HOUR));
    const credentials = provider({ now: T0 });
    await credentials().catch(() => undefined);

    // Act
    const second = await credentials();

    // Assess
    expect(second.accessKeyId).toBe('ASIAFIRST');
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('refuses an answer without credentials', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).resolves({});

    // Act
    const failure = await provider({ now: T0 })().catch((e: unknown) => e);

    // Assess
    expect(failure).toBeInstanceOf(MemberRoleAssumptionError);
    expect((failure as Error).message).toContain('STS returned no credentials');
  });
});
