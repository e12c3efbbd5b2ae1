import { ECRClient } from '@aws-sdk/client-ecr';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { TEST_CREDENTIALS } from '../../harness/ecr-arrange.ts';

/** moto's second account in these tests, reached through AssumeRole like a member account. */
export const MEMBER_ACCOUNT = '222222222222';

/**
 * An ECR client acting in `account` on the emulator: moto files the resources of an
 * assumed-role session under the role's account, whatever the role.
 */
export async function memberEcrClient(
  endpoint: string,
  region: string,
  account = MEMBER_ACCOUNT,
): Promise<ECRClient> {
  const sts = new STSClient({ endpoint, region, credentials: TEST_CREDENTIALS });
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/ecr-guard-remediation`,
      RoleSessionName: 'arrange',
    }),
  );
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) {
    throw new Error('the emulator returned no credentials');
  }
  return new ECRClient({
    endpoint,
    region,
    credentials: {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
    },
  });
}

/**
 * The error STS answers `AssumeRole` with when the role does not exist or does not trust the
 * caller (HTTP 403, query protocol XML): for the proxy's `fault` hook.
 */
export function assumeRoleAccessDenied(roleArn: string): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  return {
    status: 403,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>AccessDenied</Code>
    <Message>User: arn:aws:iam::123456789012:user/ecr-guard is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message>
  </Error>
  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
</ErrorResponse>`,
  };
}

/** The `RoleArn` of a query-protocol `AssumeRole` request body, if any. */
export function assumedRoleArn(body: string): string | undefined {
  return new URLSearchParams(body).get('RoleArn') ?? undefined;
}
