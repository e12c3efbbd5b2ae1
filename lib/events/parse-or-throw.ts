/**
 * Zod parsing that fails with an {@link InvalidEventError} naming each field.
 *
 * @module
 */
import type { z } from 'zod';
import { InvalidEventError } from './errors.ts';

/**
 * Parses `data` with `schema`, reporting problems under `path` (where `data` sits in the
 * event), e.g. `detail.repository-name: expected an ECR repository name …`.
 *
 * @param schema - the zod schema
 * @param data - the value to parse
 * @param path - where `data` sits in the event (`['detail']`), empty for the event itself
 * @returns the parsed value
 * @throws InvalidEventError with one issue per zod issue, the `ZodError` as `cause`
 *
 * @example
 * ```ts
 * const detail = parseOrThrow(EcrImageScanSchema, envelope.detail, ['detail']);
 * ```
 */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  data: unknown,
  path: readonly PropertyKey[] = [],
): z.output<T> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `${formatPath([...path, ...issue.path])}: ${issue.message}`,
    );
    throw new InvalidEventError(issues, { cause: result.error });
  }
  return result.data;
}

/**
 * Writes a field path the way people read it: `detail.image-tags[0]`, `event` for the root.
 *
 * @param path - the path segments
 * @returns the readable path
 *
 * @example
 * ```ts
 * formatPath(['detail', 'image-tags', 0]); // 'detail.image-tags[0]'
 * ```
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      text += `[${segment}]`;
    } else {
      text += `${text === '' ? '' : '.'}${String(segment)}`;
    }
  }
  return text === '' ? 'event' : text;
}
