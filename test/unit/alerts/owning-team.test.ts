import { describe, expect, it } from 'vitest';
import { owningTeam, UNOWNED_TEAM } from '#lib/alerts/index.ts';

describe('Function: owningTeam', () => {
  it.each<[string, Record<string, string>, string]>([
    ['the tag, trimmed', { team: ' payments ' }, 'payments'],
    ['unowned without the tag', {}, UNOWNED_TEAM],
    ['unowned with a blank tag', { team: '  ' }, UNOWNED_TEAM],
    [
      'one spelling of a decomposed name (NFC)',
      { team: 'Équipe'.normalize('NFD') },
      'Équipe'.normalize('NFC'),
    ],
  ])('reads %s', (_what, tags, expected) => {
    expect(owningTeam(tags, 'team')).toBe(expected);
  });
});
