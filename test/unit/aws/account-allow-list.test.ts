import { describe, expect, it } from 'vitest';
import { createAccountAllowList } from '#lib/aws/index.ts';

const CENTRAL = '111111111111';

describe('Function: createAccountAllowList', () => {
  it('lets every account through with "organization" (the bus and IAM keep the perimeter)', () => {
    // Prepare
    const allowList = createAccountAllowList({ centralAccount: CENTRAL, allowed: 'organization' });

    // Assess
    expect(allowList.refusal('999999999999')).toBeUndefined();
  });

  it.each([
    ['the central account', CENTRAL],
    ['a listed account', '222222222222'],
  ])('lets %s through', (_what, account) => {
    // Prepare
    const allowList = createAccountAllowList({
      centralAccount: CENTRAL,
      allowed: ['222222222222'],
    });

    // Assess
    expect(allowList.refusal(account)).toBeUndefined();
  });

  it('refuses any other account, saying which accounts are allowed', () => {
    // Prepare
    const allowList = createAccountAllowList({
      centralAccount: CENTRAL,
      allowed: ['333333333333', '222222222222'],
    });

    // Act
    const refusal = allowList.refusal('444444444444');

    // Assess
    expect(refusal).toBe(
      'account 444444444444 is not in ECR_GUARD_ALLOWED_ACCOUNTS (111111111111, 222222222222, 333333333333)',
    );
  });
});
