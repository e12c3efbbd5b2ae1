/**
 * Validates a parsed standard into the effective {@link Standard}: zod, defaults applied, every
 * broken rule reported at once, each naming its field. Knows nothing of YAML, so that the
 * Lambda bundles, which read the standard compiled to JSON at package time, carry no YAML
 * parser.
 */
import type { z } from 'zod';
import { type StandardIssue, StandardValidationError } from './errors.ts';
import { type Standard, StandardSchema } from './standard-schema.ts';

/**
 * Validates an already parsed standard (e.g. the YAML as a plain object) and applies the
 * defaults. `undefined` or `null` (an empty file) means "all defaults".
 *
 * @throws {StandardValidationError} listing every issue, each with its field path.
 * @example
 * ```ts
 * const standard = parseStandard({ alerts: { minSeverity: 'CRITICAL' } });
 * standard.immutability.mode; // 'IMMUTABLE_WITH_EXCLUSION' (the default)
 * ```
 */
export function parseStandard(raw: unknown, source?: string): Standard {
  const result = StandardSchema.safeParse(raw ?? {}, { reportInput: true });
  if (!result.success) {
    throw new StandardValidationError(
      result.error.issues.flatMap(toStandardIssues),
      source === undefined ? undefined : { source },
    );
  }
  return result.data;
}

/** Turns one zod issue into the standard's issues: a field path and a message a person reads. */
function toStandardIssues(issue: z.core.$ZodIssue): StandardIssue[] {
  switch (issue.code) {
    case 'unrecognized_keys':
      // One issue per key, named by its own path, so a typo points at itself.
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: unknownKeyMessage(key, knownKeysAt(issue.path)),
      }));
    case 'invalid_type':
      return [
        {
          path: formatPath(issue.path),
          message:
            issue.input === undefined
              ? 'required'
              : `must be ${describeExpected(issue.expected)} (got ${describeInput(issue.input)})`,
        },
      ];
    case 'invalid_value':
      return [
        {
          path: formatPath(issue.path),
          message: `must be ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map(String).join(', ')} (got ${describeInput(issue.input)})`,
        },
      ];
    default:
      return [{ path: formatPath(issue.path), message: issue.message }];
  }
}

/** `lifecycle.policy.rules[2].selection`; `(root)` for the document itself. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      text += `[${segment}]`;
    } else {
      const key = String(segment);
      text += /^[A-Za-z_$][\w$-]*$/.test(key)
        ? `${text === '' ? '' : '.'}${key}`
        : `[${JSON.stringify(key)}]`;
    }
  }
  return text === '' ? '(root)' : text;
}

function describeExpected(expected: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
  };
  return names[expected] ?? expected;
}

function describeInput(input: unknown): string {
  if (input === null) {
    return 'null';
  }
  if (Array.isArray(input)) {
    return 'a list';
  }
  if (typeof input === 'object') {
    return 'a mapping';
  }
  const text = JSON.stringify(input) ?? String(input);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function unknownKeyMessage(key: string, known: string[]): string {
  if (known.length === 0) {
    return 'unknown key';
  }
  const closest = known
    .map((candidate) => ({ candidate, distance: editDistance(key, candidate) }))
    .sort((a, b) => a.distance - b.distance)[0];
  if (closest && closest.distance <= Math.max(2, Math.floor(key.length / 4))) {
    return `unknown key (did you mean ${closest.candidate}?)`;
  }
  return `unknown key (expected one of ${known.join(', ')})`;
}

/** The keys the schema allows at an object path, to suggest the one a typo meant. */
function knownKeysAt(fullPath: readonly PropertyKey[]): string[] {
  // A scope's section (scopes[1].lifecycle…) takes the keys of the base's section.
  const path =
    fullPath[0] === 'scopes' && typeof fullPath[1] === 'number' && fullPath.length > 2
      ? fullPath.slice(2)
      : fullPath;
  let schema: z.core.$ZodType | undefined = unwrap(StandardSchema);
  for (const segment of path) {
    if (schema === undefined) {
      return [];
    }
    const def: z.core.$ZodTypeDef = schema._zod.def;
    if (def.type === 'object' && typeof segment === 'string') {
      schema = (def as z.core.$ZodObjectDef).shape[segment];
    } else if (def.type === 'array' && typeof segment === 'number') {
      schema = (def as z.core.$ZodArrayDef).element;
    } else {
      return [];
    }
    schema = schema === undefined ? undefined : unwrap(schema);
  }
  return schema?._zod.def.type === 'object'
    ? Object.keys((schema._zod.def as z.core.$ZodObjectDef).shape)
    : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def: z.core.$ZodTypeDef = current._zod.def;
    if (def.type === 'default' || def.type === 'prefault' || def.type === 'optional') {
      current = (def as z.core.$ZodDefaultDef).innerType;
    } else if (def.type === 'pipe') {
      current = (def as z.core.$ZodPipeDef).in;
    } else {
      return current;
    }
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
