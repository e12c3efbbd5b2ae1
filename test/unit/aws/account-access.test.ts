import { ECRClient } from '@aws-sdk/client-ecr';
import { describe, expect, it } from 'vitest';
import { AccountNotAllowedError, createAccountAccess } from '#lib/aws/index.ts';

describe('Function: createAccountAccess', () => {
  it('acts everywhere with its own credentials in single-account mode (no cross-account settings)', async () => {
    // Prepare
    const { clients, allowList } = createAccountAccess({
      crossAccount: undefined,
      region: 'us-east-1',
      sessionName: 'ecr-guard-test',
    });

    // Act
    const client = clients.client(ECRClient, { account: '222222222222', region: 'us-east-1' });

    // Assess
    expect(allowList.refusal('222222222222')).toBeUndefined();
    expect(client.config.credentials).toBeTypeOf('function');
  });

  it('refuses, in cross-account mode, to build a client for an account outside the allow-list', () => {
    // Prepare
    const { clients, allowList } = createAccountAccess({
      crossAccount: {
        centralAccount: '111111111111',
        allowedAccounts: ['222222222222'],
        memberRoleName: 'ecr-guard-remediation',
        partition: 'aws',
      },
      region: 'us-east-1',
      sessionName: 'ecr-guard-test',
    });

    // Act
    const act = (): unknown =>
      clients.client(ECRClient, { account: '333333333333', region: 'us-east-1' });

    // Assess
    expect(allowList.refusal('333333333333')).toMatch(/not in ECR_GUARD_ALLOWED_ACCOUNTS/);
    expect(act).toThrow(AccountNotAllowedError);
  });
});
