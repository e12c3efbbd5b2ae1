import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '#lib/events/errors.ts';

describe('Class: InvalidEventError', () => {
  it('carries one problem as its message and only issue', () => {
    // Prepare
    const cause = new SyntaxError('Unexpected end of JSON input');

    // Act
    const error = new InvalidEventError('not JSON: Unexpected end of JSON input', { cause });

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvalidEventError');
    expect(error.message).toBe('not JSON: Unexpected end of JSON input');
    expect(error.issues).toStrictEqual(['not JSON: Unexpected end of JSON input']);
    expect(error.cause).toBe(cause);
  });

  it('names the first three problems on one line and counts the rest', () => {
    // Prepare
    const issues = ['account: a', 'region: b', 'time: c', 'detail: d', 'source: e'];

    // Act
    const error = new InvalidEventError(issues);

    // Assess
    expect(error.message).toBe('account: a; region: b; time: c (+2 more)');
    expect(error.issues).toStrictEqual(issues);
  });
});
