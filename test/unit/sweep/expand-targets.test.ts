import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError } from '#lib/aws/index.ts';
import {
  type AccountSource,
  expandTargets,
  InvalidTargetError,
  listOrganizationAccounts,
} from '#lib/sweep/index.ts';

function source(overrides: Partial<AccountSource> = {}): AccountSource {
  return {
    currentAccount: async () => '111111111111',
    organizationAccounts: async () => [],
    ...overrides,
  };
}

describe('Function: expandTargets', () => {
  it('sweeps the current account in every region by default', async () => {
    // Act
    const plan = await expandTargets({ kind: 'current' }, ['eu-west-1', 'us-east-1'], source());

    // Assess
    expect(plan).toEqual({
      targets: [
        { account: '111111111111', region: 'eu-west-1' },
        { account: '111111111111', region: 'us-east-1' },
      ],
      skipped: [],
    });
  });

  it('crosses a list of accounts with the regions, without duplicates', async () => {
    // Act
    const plan = await expandTargets(
      { kind: 'accounts', accounts: ['222222222222', '333333333333', '222222222222'] },
      ['eu-west-1', 'eu-west-1'],
      source(),
    );

    // Assess
    expect(plan.targets).toEqual([
      { account: '222222222222', region: 'eu-west-1' },
      { account: '333333333333', region: 'eu-west-1' },
    ]);
  });

  it('sweeps only the ACTIVE accounts of the organization, and says why the others are left out', async () => {
    // Prepare
    const accounts = source({
      organizationAccounts: async () => [
        { id: '333333333333', state: 'ACTIVE' },
        { id: '444444444444', state: 'SUSPENDED' },
        { id: '111111111111', state: 'ACTIVE' },
        { id: '555555555555', state: 'PENDING_CLOSURE' },
      ],
    });

    // Act
    const plan = await expandTargets({ kind: 'organization' }, ['eu-west-1'], accounts);

    // Assess
    expect(plan.targets.map((t) => t.account)).toEqual(['111111111111', '333333333333']);
    expect(plan.skipped).toEqual([
      { account: '444444444444', reason: 'account state SUSPENDED' },
      { account: '555555555555', reason: 'account state PENDING_CLOSURE' },
    ]);
  });

  it.each([
    [
      { kind: 'accounts' as const, accounts: ['12345'] },
      ['eu-west-1'],
      '"12345" is not an AWS account id',
    ],
    [{ kind: 'accounts' as const, accounts: [] }, ['eu-west-1'], 'no account'],
    [{ kind: 'current' as const }, ['europe'], '"europe" is not an AWS region'],
    [
      { kind: 'current' as const },
      ['eu-west-1', 'us-eest-1'],
      '"us-eest-1" is not a region the AWS SDK knows',
    ],
    [{ kind: 'current' as const }, [], 'no region'],
  ])('refuses %j in %j', async (selection, regions, message) => {
    await expect(expandTargets(selection, regions, source())).rejects.toThrow(InvalidTargetError);
    await expect(expandTargets(selection, regions, source())).rejects.toThrow(message);
  });
});

describe('Function: listOrganizationAccounts', () => {
  const organizations = mockClient(OrganizationsClient);

  beforeEach(() => {
    organizations.reset();
  });

  it('reads every page and the State of each account, falling back to the retired Status', async () => {
    // Prepare
    organizations
      .on(ListAccountsCommand, {})
      .resolves({
        Accounts: [{ Id: '111111111111', Name: 'central', State: 'ACTIVE', Status: 'ACTIVE' }],
        NextToken: 'page-2',
      })
      .on(ListAccountsCommand, { NextToken: 'page-2' })
      .resolves({
        Accounts: [
          { Id: '222222222222', State: 'SUSPENDED', Status: 'SUSPENDED' },
          { Id: '333333333333', Status: 'ACTIVE' },
        ],
      });

    // Act
    const accounts = await listOrganizationAccounts(new OrganizationsClient({}), 'us-east-1');

    // Assess
    expect(accounts).toEqual([
      { id: '111111111111', name: 'central', state: 'ACTIVE' },
      { id: '222222222222', state: 'SUSPENDED' },
      { id: '333333333333', state: 'ACTIVE' },
    ]);
    expect(organizations).toHaveReceivedCommandTimes(ListAccountsCommand, 2);
  });

  it('turns a refusal into an AwsCallError naming the operation', async () => {
    // Prepare
    organizations.on(ListAccountsCommand).rejects(
      Object.assign(new Error('You do not have access to this organization'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    // Act
    const listing = listOrganizationAccounts(new OrganizationsClient({}), 'us-east-1');

    // Assess
    await expect(listing).rejects.toThrow(AwsCallError);
    await expect(listing).rejects.toThrow(/organizations:ListAccounts failed/);
  });
});
