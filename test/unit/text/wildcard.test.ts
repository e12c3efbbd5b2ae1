import { describe, expect, it } from 'vitest';
import { matchesWildcard, wildcardToRegExp } from '#lib/text/wildcard.ts';

describe('Function: matchesWildcard', () => {
  it.each([
    { pattern: 'legacy/*', value: 'legacy/api/v2', matches: true },
    { pattern: '*', value: '', matches: true },
    { pattern: '*', value: 'team-a/service', matches: true },
    { pattern: 'ecr-guard-*', value: 'ecr-guard-remediation', matches: true },
    { pattern: 'ecr-guard-*', value: 'ecr-guard-', matches: true },
    { pattern: 'ecr-guard-*', value: 'my-ecr-guard-role', matches: false },
    { pattern: '*-cache', value: 'build-cache', matches: true },
    { pattern: 'a*b*c', value: 'a-x-b-y-c', matches: true },
    { pattern: 'a*b*c', value: 'a-x-c-y-b', matches: false },
    { pattern: 'latest', value: 'latest', matches: true },
    { pattern: 'latest', value: 'latest-1', matches: false },
    { pattern: 'latest', value: 'Latest', matches: false },
    { pattern: 'v1.2', value: 'v1x2', matches: false },
    { pattern: 'team(a)+', value: 'team(a)+', matches: true },
    { pattern: 'team(a)+', value: 'teama', matches: false },
    { pattern: '[abc]', value: 'a', matches: false },
    { pattern: 'x\\d', value: 'x\\d', matches: true },
  ])('$pattern matches "$value": $matches', ({ pattern, value, matches }) => {
    // Act
    const result = matchesWildcard(pattern, value);

    // Assess
    expect(result).toBe(matches);
  });

  it.each([
    { allowed: 'latest', filter: 'latest', covered: true },
    { allowed: 'release-*', filter: 'release-1.*', covered: true },
    { allowed: '*', filter: 'dev-*', covered: true },
    { allowed: 'latest', filter: 'lat*', covered: false },
    { allowed: 'dev-*', filter: '*', covered: false },
  ])(
    'tells whether filter $filter lies within allowed $allowed: $covered',
    ({ allowed, filter, covered }) => {
      // Act
      const result = matchesWildcard(allowed, filter);

      // Assess
      expect(result).toBe(covered);
    },
  );
});

describe('Function: wildcardToRegExp', () => {
  it('anchors the expression at both ends', () => {
    // Act
    const regExp = wildcardToRegExp('api');

    // Assess
    expect(regExp.source).toBe('^api$');
  });

  it('turns each * into a run of any characters and escapes the rest', () => {
    // Act
    const regExp = wildcardToRegExp('a.b*c');

    // Assess
    expect(regExp.source).toBe('^a\\.b.*c$');
  });
});
