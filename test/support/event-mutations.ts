/**
 * Mutations of real sample events for property tests (fast-check): a field removed, its type
 * changed, a string truncated, a huge value, an unknown detail-type. Each mutation says which
 * field it touched, so a test can check that the rejection names it.
 */
import fc from 'fast-check';

/** A field path in a JSON value: `['detail', 'image-tags', 0]`. */
export type FieldPath = readonly (string | number)[];

export type Mutation =
  | { kind: 'remove'; path: FieldPath }
  | { kind: 'retype'; path: FieldPath; value: unknown }
  | { kind: 'truncate'; path: FieldPath; length: number }
  | { kind: 'huge'; path: FieldPath; value: unknown }
  | { kind: 'detail-type'; path: FieldPath; value: string };

/** How deep {@link pathsOf} looks: samples are shallower; a huge nested value is not. */
const MAX_DEPTH = 12;

/** Every field path in `value`, parents before children (the root itself excluded). */
export function pathsOf(value: unknown, prefix: FieldPath = []): FieldPath[] {
  if (typeof value !== 'object' || value === null || prefix.length >= MAX_DEPTH) return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => {
    const path = [...prefix, key];
    return [path, ...pathsOf(child, path)];
  });
}

/** The value at `path`, or `undefined`. */
export function valueAt(value: unknown, path: FieldPath): unknown {
  let node = value;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** A deep copy of `value` with `mutation` applied. */
export function applyMutation(value: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(value);
  const parent = valueAt(copy, mutation.path.slice(0, -1));
  const key = mutation.path.at(-1);
  if (typeof parent !== 'object' || parent === null || key === undefined) return copy;
  const node = parent as Record<string | number, unknown>;
  switch (mutation.kind) {
    case 'remove':
      if (Array.isArray(node) && typeof key === 'number') node.splice(key, 1);
      else delete node[key];
      break;
    case 'truncate':
      node[key] = String(node[key]).slice(0, mutation.length);
      break;
    default:
      node[key] = mutation.value;
  }
  return copy;
}

/** Writes a path the way the schemas report it: `detail.image-tags[0]`. */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    text += typeof segment === 'number' ? `[${segment}]` : `${text === '' ? '' : '.'}${segment}`;
  }
  return text;
}

/** EventBridge's largest event is 256 KB: values up to about that size. */
const HUGE_TEXT = 'x'.repeat(256 * 1024 - 1_000);

const otherType = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

const hugeValue = fc.constantFrom<unknown>(
  HUGE_TEXT,
  Number.MAX_VALUE,
  -Number.MAX_SAFE_INTEGER * 1024,
  Array.from({ length: 10_000 }, (_, i) => `v${i}`),
  // Nested 500 deep: a parser that recursed into it would run deep.
  JSON.parse(`${'['.repeat(500)}${']'.repeat(500)}`),
);

/**
 * One mutation of `event`: a path of the event (or, for a new field, a made-up one) and what
 * is done to it. `detailTypePath` names the field that selects the schema (EventBridge's
 * `detail-type`), replaced by an unknown one in some mutations.
 */
export function mutationOf(event: unknown, detailTypePath?: FieldPath): fc.Arbitrary<Mutation> {
  const paths = pathsOf(event);
  if (paths.length === 0) {
    return fc.constant<Mutation>({ kind: 'retype', path: ['unknown'], value: 1 });
  }
  const path = fc.constantFrom(...paths);
  const truncatable = paths.filter((p) => {
    const v = valueAt(event, p);
    return typeof v === 'string' && v.length > 0;
  });
  const options: fc.Arbitrary<Mutation>[] = [
    path.map((p) => ({ kind: 'remove', path: p })),
    fc.record({ path, value: otherType }).map(({ path: p, value }) => ({
      kind: 'retype' as const,
      path: p,
      value,
    })),
    fc.record({ path, value: hugeValue }).map(({ path: p, value }) => ({
      kind: 'huge' as const,
      path: p,
      value,
    })),
  ];
  if (truncatable.length > 0) {
    options.push(
      fc
        .record({ path: fc.constantFrom(...truncatable), cut: fc.nat() })
        .map(({ path: p, cut }) => {
          const text = String(valueAt(event, p));
          return { kind: 'truncate' as const, path: p, length: cut % text.length };
        }),
    );
  }
  if (detailTypePath !== undefined) {
    options.push(
      fc
        .oneof(
          fc.string({ maxLength: 40 }),
          fc.constantFrom('ECR Image Action ', 'ecr image action', 'AWS API Call via CloudTrail2'),
        )
        .map((value) => ({ kind: 'detail-type' as const, path: detailTypePath, value })),
    );
  }
  return fc.oneof(...options);
}

/** A sample and one to three mutations of it, applied in turn. */
export interface MutatedSample {
  name: string;
  mutations: Mutation[];
  event: unknown;
}

/**
 * Picks one of `samples` and mutates it one to three times.
 *
 * @example
 * ```ts
 * fc.assert(fc.asyncProperty(mutatedSample(samples, ['detail-type']), async ({ event }) => { … }));
 * ```
 */
export function mutatedSample(
  samples: readonly { name: string; event: unknown }[],
  detailTypePath?: FieldPath,
): fc.Arbitrary<MutatedSample> {
  return fc.constantFrom(...samples).chain(({ name, event }) =>
    fc.integer({ min: 1, max: 3 }).chain((count) => {
      let arbitrary: fc.Arbitrary<{ mutations: Mutation[]; event: unknown }> = fc.constant({
        mutations: [],
        event,
      });
      for (let i = 0; i < count; i += 1) {
        arbitrary = arbitrary.chain((so) =>
          mutationOf(so.event, detailTypePath).map((mutation) => ({
            mutations: [...so.mutations, mutation],
            event: applyMutation(so.event, mutation),
          })),
        );
      }
      return arbitrary.map((so) => ({ name, ...so }));
    }),
  );
}

/** A mutation in one line, for failure messages: `remove detail.repository-name`. */
export function describeMutation(mutation: Mutation): string {
  const where = formatFieldPath(mutation.path);
  switch (mutation.kind) {
    case 'remove':
      return `remove ${where}`;
    case 'truncate':
      return `truncate ${where} to ${mutation.length} characters`;
    case 'detail-type':
      return `set ${where} to ${JSON.stringify(mutation.value)}`;
    default: {
      const text = JSON.stringify(mutation.value) ?? String(mutation.value);
      return `${mutation.kind} ${where} = ${text.length > 40 ? `${text.slice(0, 40)}… (${text.length} characters)` : text}`;
    }
  }
}

/**
 * Runs a property like `fc.assert`, but reports a failure in a few lines: the sample, its
 * mutations in words (a huge value would make fast-check's own report megabytes long) and
 * what failed.
 *
 * @example
 * ```ts
 * await checkProperty(mutatedSample(samples), async (sample) => { … }, { numRuns: 100, seed: 1 });
 * ```
 */
export async function checkProperty<T extends { name: string; mutations: Mutation[] }>(
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  parameters: { numRuns: number; seed: number },
): Promise<void> {
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), parameters);
  if (!details.failed) return;
  const [sample] = details.counterexample ?? [];
  const what =
    sample === undefined
      ? 'no counterexample'
      : `${sample.name}: ${sample.mutations.map(describeMutation).join(', ')}`;
  const cause = details.errorInstance;
  const message = cause instanceof Error ? cause.message : String(cause);
  throw new Error(
    `property failed after ${details.numRuns} runs (seed ${details.seed}, path ${details.counterexamplePath}):\n  ${what}\n  ${message.slice(0, 2_000)}`,
  );
}
