/**
 * enforce-repository across accounts, on the emulator, through the handler as Lambda runs it
 * (configured by the environment serverless.yml sets): an event from a member account is
 * enforced there through its ecr-guard-remediation role, the central account's own events with
 * the function's role, and an event from an account outside the allow-list is refused before
 * any AWS call. moto's STS hands out credentials that act in the role's account, whatever the
 * role (it evaluates no trust policy).
 */
import {
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  LifecyclePolicyNotFoundException,
} from '@aws-sdk/client-ecr';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EnforceRepositoryResponse } from '#functions/enforce-repository.ts';
import { MemberRoleAssumptionError } from '#lib/aws/index.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../harness/aws-proxy.ts';
import { createRepository, TEST_CREDENTIALS } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { loadEventFixture, withField, wrapCloudTrailRecord } from '../../harness/fixtures.ts';
import { lambdaContext } from '../../harness/lambda-context.ts';
import { FIRST_THREE_CONTROLS_CONFIG } from '../support/first-three-controls.ts';

const CENTRAL = '123456789012'; // moto's default account: the function's own credentials act there
const MEMBER = '222222222222';
const UNREACHABLE_MEMBER = '444444444444'; // allowed, but its role refuses to be assumed
const STRANGER = '333333333333'; // not in the allow-list
const REGION = 'us-west-2'; // the push sample's region
const PUSH = loadEventFixture('ecr-image-action-push-success.aws-docs.json');

const ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_REGION: REGION,
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  // The standard of the first three controls, whose writes and reads this file counts.
  ECR_GUARD_CONFIG: FIRST_THREE_CONTROLS_CONFIG,
  // What serverless.yml sets (ECR_GUARD_ACCOUNT_ID is `Ref: AWS::AccountId` there).
  ECR_GUARD_ACCOUNT_ID: CENTRAL,
  ECR_GUARD_ALLOWED_ACCOUNTS: `${MEMBER},${UNREACHABLE_MEMBER}`,
  ECR_GUARD_MEMBER_ROLE_NAME: 'ecr-guard-remediation',
  ECR_GUARD_PARTITION: 'aws',
  ECR_GUARD_OWN_ROLE_ARNS: `arn:aws:iam::${CENTRAL}:role/ecr-guard-dev-us-west-2-enforce-repository`,
};

/** The push sample, from `account`, for `repository`. */
function pushIn(account: string, repository: string): unknown {
  return withField(
    withField(PUSH, ['account'], account),
    ['detail', 'repository-name'],
    repository,
  );
}

/**
 * Drift in `account`: the real CreateRepository record as a PutImageTagMutability call on
 * `repository`, made in a session of `role` named `session` (only those fields changed).
 */
function driftIn(account: string, repository: string, role: string, session: string): unknown {
  let record = loadEventFixture('cloudtrail-record-ecr-createrepository.aws-docs.json');
  record = withField(record, ['eventName'], 'PutImageTagMutability');
  record = withField(record, ['awsRegion'], REGION);
  record = withField(record, ['recipientAccountId'], account);
  record = withField(record, ['requestParameters'], {
    repositoryName: repository,
    imageTagMutability: 'MUTABLE',
  });
  record = withField(record, ['userIdentity', 'accountId'], account);
  record = withField(
    record,
    ['userIdentity', 'arn'],
    `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
  );
  record = withField(record, ['userIdentity', 'sessionContext', 'sessionIssuer'], {
    type: 'Role',
    principalId: 'AROAEXAMPLEROLEID',
    arn: `arn:aws:iam::${account}:role/${role}`,
    accountId: account,
    userName: role,
  });
  return wrapCloudTrailRecord(record);
}

const ACCESS_DENIED = {
  status: 403,
  headers: { 'content-type': 'text/xml' },
  body:
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
    '<Code>AccessDenied</Code><Message>not authorized to perform: sts:AssumeRole</Message></Error>' +
    '<RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>',
};

type Handler = (
  event: unknown,
  context: ReturnType<typeof lambdaContext>,
) => Promise<EnforceRepositoryResponse>;

describe('Function: enforce-repository across accounts (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  const saved = new Map<string, string | undefined>();
  const clients: { destroy(): void }[] = [];
  let proxy: AwsProxy;
  let handler: Handler;
  let centralEcr: ECRClient;
  let memberEcr: ECRClient;
  let memberAccessKey: string;

  const invoke = (event: unknown): Promise<EnforceRepositoryResponse> =>
    handler(event, lambdaContext('ecr-guard-enforce-repository'));

  async function credentialsIn(account: string): Promise<AwsCredentialIdentity> {
    const sts = new STSClient({ endpoint, region: REGION, credentials: TEST_CREDENTIALS });
    clients.push(sts);
    const { Credentials: issued } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'arrange',
      }),
    );
    return {
      accessKeyId: issued?.AccessKeyId ?? '',
      secretAccessKey: issued?.SecretAccessKey ?? '',
      sessionToken: issued?.SessionToken ?? '',
    };
  }

  function ecrWith(credentials: AwsCredentialIdentity): ECRClient {
    const client = new ECRClient({ endpoint, region: REGION, credentials });
    clients.push(client);
    return client;
  }

  async function describe(ecr: ECRClient, name: string): Promise<Record<string, unknown>> {
    const out = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    return (out.repositories?.[0] ?? {}) as Record<string, unknown>;
  }

  async function hasLifecyclePolicy(ecr: ECRClient, name: string): Promise<boolean> {
    try {
      await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: name }));
      return true;
    } catch (error) {
      if (error instanceof LifecyclePolicyNotFoundException) return false;
      throw error;
    }
  }

  beforeAll(async () => {
    // Reset once: the function caches the member role's session for the whole file, and moto
    // forgets assumed-role keys on reset. Each test uses repositories of its own instead.
    await resetEmulator(endpoint);
    proxy = await startAwsProxy({
      target: endpoint,
      fault: (call, request) =>
        call.operation === 'AssumeRole' && request.body.includes(UNREACHABLE_MEMBER)
          ? ACCESS_DENIED
          : undefined,
    });
    for (const [name, value] of Object.entries({
      ...ENVIRONMENT,
      AWS_ENDPOINT_URL: proxy.endpoint,
    })) {
      saved.set(name, process.env[name]);
      process.env[name] = value;
    }
    ({ handler } = (await import('#functions/enforce-repository.ts')) as { handler: Handler });
    centralEcr = ecrWith(TEST_CREDENTIALS);
    const member = await credentialsIn(MEMBER);
    memberAccessKey = member.accessKeyId;
    memberEcr = ecrWith(member);
  });

  afterAll(async () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    for (const client of clients) client.destroy();
    await proxy.close();
  });

  it('enforces an event of a member account there, through its ecr-guard-remediation role', async () => {
    // Prepare
    await createRepository(centralEcr, 'team/app');
    await createRepository(memberEcr, 'team/app');
    proxy.clear();

    // Act
    const result = await invoke(pushIn(MEMBER, 'team/app'));

    // Assess
    expect(result).toMatchObject({
      outcome: 'enforced',
      repositories: [
        {
          account: MEMBER,
          repositoryName: 'team/app',
          controls: [
            { control: 'immutability', status: 'remediated' },
            { control: 'lifecycle', status: 'remediated' },
            { control: 'scanning', status: 'remediated' },
          ],
        },
      ],
    });
    expect(proxy.operations()[0]).toBe('sts:AssumeRole');
    const writes = proxy.calls.filter((c) => isWriteOperation(c.operation));
    expect(writes.map((c) => c.operation)).toEqual([
      'PutImageTagMutability',
      'PutLifecyclePolicy',
      'PutImageScanningConfiguration',
    ]);
    // Signed with the session STS handed out, not with the function's own keys.
    for (const write of writes) expect(write.accessKeyId).not.toBe(TEST_CREDENTIALS.accessKeyId);
    expect(await describe(memberEcr, 'team/app')).toMatchObject({
      registryId: MEMBER,
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      imageScanningConfiguration: { scanOnPush: true },
    });
    expect(await hasLifecyclePolicy(memberEcr, 'team/app')).toBe(true);
  });

  it('enforces drift made in a member account by a role merely named like ecr-guard’s', async () => {
    // Prepare
    await createRepository(memberEcr, 'team/spoofed');
    proxy.clear();

    // Act
    const result = await invoke(driftIn(MEMBER, 'team/spoofed', 'ecr-guard-temp', 'ecr-guard-x'));

    // Assess
    expect(result).toMatchObject({
      outcome: 'enforced',
      repositories: [{ account: MEMBER, repositoryName: 'team/spoofed' }],
    });
    expect(await describe(memberEcr, 'team/spoofed')).toMatchObject({
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    });
  });

  it.each([
    [MEMBER, 'ecr-guard-remediation', 'ecr-guard-enforce-repository'],
    [CENTRAL, 'ecr-guard-dev-us-west-2-enforce-repository', 'ecr-guard-dev-enforce-repository'],
  ])(
    'ignores drift made in %s by ecr-guard’s own role %s, with no AWS call',
    async (account, role, session) => {
      // Prepare
      proxy.clear();

      // Act
      const result = await invoke(driftIn(account, 'team/own', role, session));

      // Assess
      expect(result).toEqual({
        outcome: 'ignored',
        reason: expect.stringMatching(
          new RegExp(`^change made by ecr-guard itself \\(arn:aws:iam::${account}:role/${role}`),
        ),
      });
      expect(proxy.operations()).toEqual([]);
    },
  );

  it('leaves the same-named repository of the central account untouched', async () => {
    // Prepare
    await createRepository(centralEcr, 'team/twin');
    await createRepository(memberEcr, 'team/twin');

    // Act
    await invoke(pushIn(MEMBER, 'team/twin'));

    // Assess
    expect(await describe(centralEcr, 'team/twin')).toMatchObject({
      registryId: CENTRAL,
      imageTagMutability: 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: false },
    });
    expect(await hasLifecyclePolicy(centralEcr, 'team/twin')).toBe(false);
    expect(await describe(memberEcr, 'team/twin')).toMatchObject({
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    });
  });

  it('assumes the member role once and reuses the session for the next events', async () => {
    // Prepare
    await createRepository(memberEcr, 'team/again');
    await invoke(pushIn(MEMBER, 'team/again'));
    proxy.clear();

    // Act
    await invoke(pushIn(MEMBER, 'team/again'));

    // Assess: a compliant repository, read with the cached session.
    expect(proxy.operations({ service: 'sts' })).toEqual([]);
    expect(proxy.calls.every((c) => c.accessKeyId !== TEST_CREDENTIALS.accessKeyId)).toBe(true);
    expect(proxy.calls.filter((c) => isWriteOperation(c.operation))).toEqual([]);
  });

  it('enforces an event of the central account with the function’s own role, without AssumeRole', async () => {
    // Prepare
    await createRepository(centralEcr, 'central/app');
    await createRepository(memberEcr, 'central/app');
    proxy.clear();

    // Act
    const result = await invoke(pushIn(CENTRAL, 'central/app'));

    // Assess
    expect(result).toMatchObject({ outcome: 'enforced', repositories: [{ account: CENTRAL }] });
    expect(proxy.operations({ service: 'sts' })).toEqual([]);
    expect(proxy.calls.every((c) => c.accessKeyId === TEST_CREDENTIALS.accessKeyId)).toBe(true);
    expect(await describe(centralEcr, 'central/app')).toMatchObject({
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    });
    expect(await describe(memberEcr, 'central/app')).toMatchObject({
      imageTagMutability: 'MUTABLE',
    });
  });

  it('refuses an event of an account outside the allow-list, with no AWS call at all', async () => {
    // Prepare
    const stranger = ecrWith(await credentialsIn(STRANGER));
    await createRepository(stranger, 'team/app');
    proxy.clear();

    // Act
    const result = await invoke(pushIn(STRANGER, 'team/app'));

    // Assess
    expect(result).toEqual({
      outcome: 'refused',
      reason: `account ${STRANGER} is not in ECR_GUARD_ALLOWED_ACCOUNTS (${CENTRAL}, ${MEMBER}, ${UNREACHABLE_MEMBER})`,
    });
    expect(proxy.operations()).toEqual([]);
    expect(await describe(stranger, 'team/app')).toMatchObject({ imageTagMutability: 'MUTABLE' });
  });

  it('fails, for Lambda to retry, naming the account and the role, when the member role cannot be assumed', async () => {
    // Prepare
    proxy.clear();
    const roleArn = `arn:aws:iam::${UNREACHABLE_MEMBER}:role/ecr-guard-remediation`;

    // Act
    const failure = await invoke(pushIn(UNREACHABLE_MEMBER, 'team/app')).catch((e: unknown) => e);

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).message)).toContain(
      `cannot assume role ${roleArn} in account ${UNREACHABLE_MEMBER}: AccessDenied`,
    );
    expect((failure as Error).cause).toBeInstanceOf(MemberRoleAssumptionError);
    expect((failure as Error).cause).toMatchObject({ account: UNREACHABLE_MEMBER, roleArn });
    expect(proxy.operations()).toEqual(['sts:AssumeRole']);
    expect(memberAccessKey).not.toBe(TEST_CREDENTIALS.accessKeyId);
  });
});
