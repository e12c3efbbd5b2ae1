import { describe, expect, it } from 'vitest';
import { pullThroughCacheExemption, pullThroughCachePrefixOf } from '#lib/controls/index.ts';
import { standardWith } from '../../support/repository-state.ts';

describe('Function: pullThroughCachePrefixOf', () => {
  it.each([
    ['docker-hub/library/nginx', ['docker-hub'], 'docker-hub'],
    ['ecr-public/my-app/image1', ['docker-hub', 'ecr-public'], 'ecr-public'],
    ['docker-hub-mirror/nginx', ['docker-hub'], undefined],
    ['docker-hub', ['docker-hub'], undefined],
    ['my-app/image1', ['ROOT'], undefined],
    ['payments-checkout-api', [], undefined],
  ])('places %s under %j: %s', (name, prefixes, expected) => {
    expect(pullThroughCachePrefixOf(name, prefixes)).toBe(expected);
  });
});

describe('Hook: pullThroughCacheExemption', () => {
  it('exempts a cache repository from immutability, naming the rule', () => {
    expect(pullThroughCacheExemption.source).toBe('pull-through-cache');
    expect(
      pullThroughCacheExemption.exempt('docker-hub/library/nginx', {
        pullThroughCachePrefixes: ['docker-hub'],
      }),
    ).toEqual(expect.stringContaining('rule prefix docker-hub/'));
  });

  it('exempts a repository under no rule prefix from nothing', () => {
    expect(
      pullThroughCacheExemption.exempt('payments-checkout-api', {
        pullThroughCachePrefixes: ['docker-hub'],
      }),
    ).toBeUndefined();
  });

  it('is off when the standard says exemptPullThroughCache: false', () => {
    const standard = standardWith();
    expect(pullThroughCacheExemption.active(standard.immutability)).toBe(true);
    standard.immutability.exemptPullThroughCache = false;
    expect(pullThroughCacheExemption.active(standard.immutability)).toBe(false);
  });
});
