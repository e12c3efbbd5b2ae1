import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidEventError } from '#lib/events/errors.ts';
import { formatPath, parseOrThrow } from '#lib/events/parse-or-throw.ts';

describe('Function: formatPath', () => {
  it.each([
    [[], 'event'],
    [['account'], 'account'],
    [['detail', 'repository-name'], 'detail.repository-name'],
    [['detail', 'image-tags', 0], 'detail.image-tags[0]'],
  ])('writes %j as %s', (path, expected) => {
    // Act
    const text = formatPath(path);

    // Assess
    expect(text).toBe(expected);
  });
});

describe('Function: parseOrThrow', () => {
  it('returns the parsed value', () => {
    // Act
    const value = parseOrThrow(z.object({ a: z.number() }), { a: 1, b: 2 });

    // Assess
    expect(value).toStrictEqual({ a: 1 });
  });

  it('names each problem under the given path', () => {
    // Prepare
    const schema = z.object({ tags: z.array(z.string()), name: z.string() });

    // Act
    let caught: unknown;
    try {
      parseOrThrow(schema, { tags: [1] }, ['detail']);
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(InvalidEventError);
    expect((caught as InvalidEventError).issues).toStrictEqual([
      'detail.tags[0]: Invalid input: expected string, received number',
      'detail.name: Invalid input: expected string, received undefined',
    ]);
    expect((caught as InvalidEventError).cause).toBeInstanceOf(z.ZodError);
  });
});
