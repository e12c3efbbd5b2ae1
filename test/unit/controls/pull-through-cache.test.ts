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
    ['payments-api', [], undefined],
  ])('places %s under %j: %s', (name, prefixes, expected) => {
    expect(pullThroughCachePrefixOf(name, prefixes)).toBe(expected);
  });
});

describe('Function: pullThroughCacheExemption', () => {
  it('exempts a cache repository from immutability, naming the rule', () => {
    expect(
      pullThroughCacheExemption('docker-hub/library/nginx', ['docker-hub'], standardWith()),
    ).toEqual({
      control: 'immutability',
      source: 'pull-through-cache',
      reason: expect.stringContaining('rule prefix docker-hub/'),
    });
  });

  it('exempts nothing when the standard says exemptPullThroughCache: false', () => {
    const standard = standardWith();
    standard.immutability.exemptPullThroughCache = false;
    expect(pullThroughCacheExemption('docker-hub/library/nginx', ['docker-hub'], standard)).toBe(
      undefined,
    );
  });
});
