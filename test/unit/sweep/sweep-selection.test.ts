import { describe, expect, it } from 'vitest';
import { sweepSelection } from '#lib/sweep/sweep-target.ts';

describe('Function: sweepSelection', () => {
  it.each([
    ['single-account mode', undefined, { kind: 'current' }],
    [
      'the organization',
      { centralAccount: '111111111111', allowedAccounts: 'organization' as const },
      { kind: 'organization' },
    ],
    [
      'an allow-list, with the central account',
      { centralAccount: '111111111111', allowedAccounts: ['222222222222'] },
      { kind: 'accounts', accounts: ['111111111111', '222222222222'] },
    ],
  ])('sweeps %s', (_what, crossAccount, expected) => {
    expect(sweepSelection(crossAccount)).toEqual(expected);
  });
});
