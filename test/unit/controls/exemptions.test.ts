import { describe, expect, it } from 'vitest';
import { CONTROL_NAMES, resolveExemptions } from '#lib/controls/index.ts';
import { standardWith } from '../../support/repository-state.ts';

const NOW = new Date('2026-11-29T12:00:00Z');

describe('Function: resolveExemptions', () => {
  it.each([
    ['lifecycle', ['lifecycle']],
    ['lifecycle, scanning', ['lifecycle', 'scanning']],
    ['all', [...CONTROL_NAMES]],
    ['naming, tag-strategy', ['naming', 'tag-strategy']],
  ])('exempts the controls the tag lists (%s)', (value, expected) => {
    // Act
    const { exemptions, ignored } = resolveExemptions(
      'payments-checkout-api',
      { 'ecr-guard:exempt': value },
      standardWith().exemptions,
      NOW,
    );

    // Assess
    expect([...exemptions.keys()]).toEqual(expected);
    expect(ignored).toEqual([]);
  });

  it('carries the reason tag into the exemption', () => {
    // Act
    const { exemptions } = resolveExemptions(
      'payments-checkout-api',
      { 'ecr-guard:exempt': 'lifecycle', 'ecr-guard:exempt-reason': 'retention set by legal' },
      standardWith().exemptions,
      NOW,
    );

    // Assess
    expect(exemptions.get('lifecycle')?.reason).toBe(
      'tag ecr-guard:exempt=lifecycle: retention set by legal',
    );
  });

  it('keeps an exemption through its last day', () => {
    // Act
    const { exemptions } = resolveExemptions(
      'payments-checkout-api',
      { 'ecr-guard:exempt': 'all', 'ecr-guard:exempt-until': '2026-11-29' },
      standardWith().exemptions,
      NOW,
    );

    // Assess
    expect(exemptions.size).toBe(CONTROL_NAMES.length);
  });

  it('ignores and reports an expired exemption', () => {
    // Act
    const { exemptions, ignored } = resolveExemptions(
      'payments-checkout-api',
      { 'ecr-guard:exempt': 'all', 'ecr-guard:exempt-until': '2026-11-28' },
      standardWith().exemptions,
      NOW,
    );

    // Assess
    expect(exemptions.size).toBe(0);
    expect(ignored).toEqual([
      { source: 'tag', reason: 'tag ecr-guard:exempt=all until 2026-11-28: expired on 2026-11-28' },
    ]);
  });

  it('treats an unreadable expiry as no exemption, and says so', () => {
    // Act
    const { exemptions, ignored } = resolveExemptions(
      'payments-checkout-api',
      { 'ecr-guard:exempt': 'all', 'ecr-guard:exempt-until': 'next spring' },
      standardWith().exemptions,
      NOW,
    );

    // Assess
    expect(exemptions.size).toBe(0);
    expect(ignored[0]?.reason).toContain(
      'tag ecr-guard:exempt-until: "next spring" is not a date that exists (YYYY-MM-DD)',
    );
  });

  it.each(['2027-02-30', '2026-13-01', '2026-04-31'])(
    'refuses an expiry %s that does not exist, naming the tag',
    (until) => {
      // Act
      const { exemptions, ignored } = resolveExemptions(
        'payments-api',
        { 'ecr-guard:exempt': 'all', 'ecr-guard:exempt-until': until },
        standardWith().exemptions,
        NOW,
      );

      // Assess: not read as the day it would roll over to (2027-02-30 as 2 March).
      expect(exemptions.size).toBe(0);
      expect(ignored).toEqual([
        {
          source: 'tag',
          reason: `tag ecr-guard:exempt=all until ${until}: tag ecr-guard:exempt-until: "${until}" is not a date that exists (YYYY-MM-DD)`,
        },
      ]);
    },
  );

  it('keeps a 29 February that exists', () => {
    // Act
    const { exemptions } = resolveExemptions(
      'payments-api',
      { 'ecr-guard:exempt': 'all', 'ecr-guard:exempt-until': '2028-02-29' },
      standardWith().exemptions,
      NOW,
    );

    // Assess
    expect(exemptions.size).toBe(CONTROL_NAMES.length);
  });

  it('reports unknown control names and keeps the known ones', () => {
    // Act
    const { exemptions, ignored } = resolveExemptions(
      'payments-checkout-api',
      { 'ecr-guard:exempt': 'lifecycel,scanning' },
      standardWith().exemptions,
      NOW,
    );

    // Assess
    expect([...exemptions.keys()]).toEqual(['scanning']);
    expect(ignored[0]?.reason).toContain('unknown control lifecycel');
  });

  it('exempts by a name pattern of the standard, with its reason', () => {
    // Prepare
    const standard = standardWith({
      exemptions: [{ pattern: 'sandbox/*', controls: ['immutability'], reason: 'scratch images' }],
    });

    // Act
    const matching = resolveExemptions('sandbox/alice', {}, standard.exemptions, NOW);
    const other = resolveExemptions('payments-checkout-api', {}, standard.exemptions, NOW);

    // Assess
    expect(matching.exemptions.get('immutability')?.reason).toBe(
      'ecr-guard.yml exemption "sandbox/*": scratch images',
    );
    expect(other.exemptions.size).toBe(0);
  });

  it('ignores and reports an expired pattern exemption', () => {
    // Prepare
    const standard = standardWith({
      exemptions: [{ pattern: '*', controls: ['all'], reason: 'migration', until: '2026-01-31' }],
    });

    // Act
    const { exemptions, ignored } = resolveExemptions(
      'payments-checkout-api',
      {},
      standard.exemptions,
      NOW,
    );

    // Assess
    expect(exemptions.size).toBe(0);
    expect(ignored).toEqual([
      { source: 'standard', reason: 'ecr-guard.yml exemption "*": expired on 2026-01-31' },
    ]);
  });
});
