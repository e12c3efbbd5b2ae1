import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '#lib/events/errors.ts';
import type { GuardEvent } from '#lib/events/guard-event.ts';
import { normalizeEvent, parseEventJson } from '#lib/events/normalize-event.ts';
import {
  AccountIdSchema,
  ImageDigestSchema,
  RegionSchema,
  RepositoryNameSchema,
} from '#lib/events/schemas/index.ts';
import { listEventFixtures, loadEventBridgeFixture } from '../../../harness/fixtures.ts';

type Path = (string | number)[];
type Mutation =
  | { kind: 'remove' }
  | { kind: 'replace'; value: unknown }
  | { kind: 'truncate'; length: number };

/** Every real sample, as EventBridge delivers it. */
const SAMPLES = listEventFixtures().map((name) => loadEventBridgeFixture(name, { id: name }));

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'remove' }),
  fc.record({
    kind: fc.constant('replace' as const),
    value: fc.oneof(
      fc.anything(),
      fc.constantFrom(null, 0, -1, 1.5, '', 'X', true, [], {}, 'a'.repeat(10_000)),
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), length: fc.nat({ max: 80 }) }),
);

function isContainer(value: unknown): value is Record<string | number, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The path of every field and array element under `value`. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (!isContainer(value)) {
    return [];
  }
  return Object.keys(value).flatMap((key) => {
    const segment = Array.isArray(value) ? Number(key) : key;
    const path = [...prefix, segment];
    return [path, ...pathsOf(value[segment], path)];
  });
}

/** Applies `mutation` in place to the field at `path` (which exists). */
function mutate(root: unknown, path: Path, mutation: Mutation): void {
  let parent: unknown = root;
  for (const segment of path.slice(0, -1)) {
    parent = isContainer(parent) ? parent[segment] : undefined;
  }
  const key = path.at(-1);
  if (!isContainer(parent) || key === undefined) {
    return;
  }
  if (mutation.kind === 'remove') {
    if (Array.isArray(parent) && typeof key === 'number') {
      parent.splice(key, 1);
    } else {
      delete parent[key];
    }
  } else if (mutation.kind === 'replace') {
    parent[key] = mutation.value;
  } else {
    const current = parent[key];
    if (typeof current === 'string' || Array.isArray(current)) {
      parent[key] = current.slice(0, mutation.length);
    }
  }
}

/** Normalizes, returning the InvalidEventError instead of throwing it; other errors escape. */
function outcomeOf(act: () => GuardEvent): GuardEvent | InvalidEventError {
  try {
    return act();
  } catch (error) {
    if (error instanceof InvalidEventError) {
      return error;
    }
    throw error;
  }
}

/** What ecr-guard relies on in every event it returns, whatever went in. */
function expectTrustworthy(event: GuardEvent): void {
  expect(AccountIdSchema.safeParse(event.account).success).toBe(true);
  expect(RegionSchema.safeParse(event.region).success).toBe(true);
  if ('repositoryName' in event && event.repositoryName !== undefined) {
    expect(RepositoryNameSchema.safeParse(event.repositoryName).success).toBe(true);
  }
  if ('imageDigest' in event) {
    expect(ImageDigestSchema.safeParse(event.imageDigest).success).toBe(true);
  }
}

describe('Function: normalizeEvent (property-based)', () => {
  it('returns a trustworthy event or throws InvalidEventError for mutated real samples', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SAMPLES),
        fc.array(fc.tuple(fc.nat(), mutationArbitrary), { minLength: 1, maxLength: 3 }),
        (sample, mutations) => {
          // Prepare
          const event = structuredClone(sample);
          for (const [pick, mutation] of mutations) {
            const paths = pathsOf(event);
            const path = paths[pick % Math.max(paths.length, 1)];
            if (path !== undefined) {
              mutate(event, path, mutation);
            }
          }

          // Act
          const outcome = outcomeOf(() => normalizeEvent(event));

          // Assess
          if (outcome instanceof InvalidEventError) {
            expect(outcome.issues.length).toBeGreaterThan(0);
          } else {
            expectTrustworthy(outcome);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('throws only InvalidEventError for arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        // Act
        const outcome = outcomeOf(() => normalizeEvent(raw));

        // Assess
        expect(outcome).toBeInstanceOf(InvalidEventError);
      }),
      { numRuns: 500 },
    );
  });
});

describe('Function: parseEventJson (property-based)', () => {
  it('throws only InvalidEventError for arbitrary texts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        // Act
        const outcome = outcomeOf(() => parseEventJson(text));

        // Assess
        expect(outcome).toBeInstanceOf(InvalidEventError);
      }),
      { numRuns: 500 },
    );
  });
});
