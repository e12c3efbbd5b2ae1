/**
 * Real AWS sample events (copied unchanged from the shared corpus, see its SOURCES.md) and
 * the EventBridge envelope AWS wraps a CloudTrail record in.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** Where the sample events live. */
export const EVENT_FIXTURES_DIR = new URL('../test/fixtures/events/', import.meta.url);

/** EventBridge `detail-type` of a CloudTrail record, by its `eventType`. */
const DETAIL_TYPE_BY_EVENT_TYPE: Readonly<Record<string, string>> = {
  AwsApiCall: 'AWS API Call via CloudTrail',
  AwsServiceEvent: 'AWS Service Event via CloudTrail',
  AwsConsoleSignIn: 'AWS Console Sign In via CloudTrail',
};

/**
 * Reads a sample event as `JSON.parse` gives it (a duplicated key keeps its last value).
 *
 * @param name - the file name in `test/fixtures/events/`
 * @returns the parsed JSON
 *
 * @example
 * ```ts
 * const raw = loadEventFixture('ecr-image-action-push-success.aws-docs.json');
 * ```
 */
export function loadEventFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, EVENT_FIXTURES_DIR), 'utf8'));
}

/**
 * Lists the sample events.
 *
 * @returns the `.json` file names in `test/fixtures/events/`, sorted
 *
 * @example
 * ```ts
 * for (const name of listEventFixtures()) loadEventFixture(name);
 * ```
 */
export function listEventFixtures(): string[] {
  return readdirSync(EVENT_FIXTURES_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/**
 * Builds the EventBridge event AWS delivers for a raw CloudTrail record: `detail-type` from
 * `eventType`, `source` the service's own (`aws.ecr` for `ecr.amazonaws.com`), `account` from
 * `recipientAccountId`, `time` from `eventTime`, `region` from `awsRegion`, no resources, and
 * the record as `detail`.
 *
 * @param record - a raw CloudTrail record, e.g. a `cloudtrail-record-*` fixture
 * @param overrides - envelope fields to set or replace (`id`, `account`, …)
 * @returns the EventBridge event
 *
 * @example
 * ```ts
 * const event = wrapCloudTrailRecord(
 *   loadEventFixture('cloudtrail-record-ecr-createrepository.aws-docs.json'),
 *   { id: 'f0d3c0de-0000-4000-8000-000000000001' },
 * );
 * ```
 */
export function wrapCloudTrailRecord(
  record: unknown,
  overrides: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new TypeError('a CloudTrail record must be an object');
  }
  const fields = record as Readonly<Record<string, unknown>>;
  const eventType = String(fields.eventType);
  const detailType = DETAIL_TYPE_BY_EVENT_TYPE[eventType];
  if (detailType === undefined) {
    throw new TypeError(`no EventBridge detail-type known for CloudTrail eventType ${eventType}`);
  }
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    // CloudTrail events carry the service's own source: ecr.amazonaws.com → aws.ecr.
    source: `aws.${String(fields.eventSource).replace(/\.amazonaws\.com$/, '')}`,
    account: fields.recipientAccountId,
    time: fields.eventTime,
    region: fields.awsRegion,
    resources: [],
    detail: record,
    ...overrides,
  };
}

/**
 * Reads a sample as EventBridge delivers it: raw CloudTrail records (`cloudtrail-record-*`)
 * are wrapped with {@link wrapCloudTrailRecord}, the others already are EventBridge events.
 *
 * @param name - the file name in `test/fixtures/events/`
 * @param overrides - envelope fields to set or replace, for wrapped records
 * @returns the EventBridge event
 *
 * @example
 * ```ts
 * const event = loadEventBridgeFixture('cloudtrail-record-ecr-putimage.aws-docs.json');
 * ```
 */
export function loadEventBridgeFixture(
  name: string,
  overrides: Readonly<Record<string, unknown>> = {},
): unknown {
  const raw = loadEventFixture(name);
  return name.startsWith('cloudtrail-record-') ? wrapCloudTrailRecord(raw, overrides) : raw;
}

type FieldPath = readonly (string | number)[];

/**
 * Returns a deep copy of `event` with the field at `path` set to `value` (created if absent).
 *
 * @param event - a JSON value
 * @param path - the field to set, e.g. `['detail', 'repository-name']`
 * @param value - the new value
 * @returns the changed copy
 *
 * @example
 * ```ts
 * withField(raw, ['detail', 'repository-name'], 'My-Repo');
 * ```
 */
export function withField<T>(event: T, path: FieldPath, value: unknown): T {
  const copy = structuredClone(event);
  const { parent, key } = parentOf(copy, path);
  parent[key] = value;
  return copy;
}

/**
 * Returns a deep copy of `event` without the field at `path`.
 *
 * @param event - a JSON value
 * @param path - the field to remove, e.g. `['account']`
 * @returns the changed copy
 *
 * @example
 * ```ts
 * withoutField(raw, ['detail']);
 * ```
 */
export function withoutField<T>(event: T, path: FieldPath): T {
  const copy = structuredClone(event);
  const { parent, key } = parentOf(copy, path);
  delete parent[key];
  return copy;
}

function parentOf(
  root: unknown,
  path: FieldPath,
): { parent: Record<string | number, unknown>; key: string | number } {
  const key = path.at(-1);
  if (key === undefined) {
    throw new TypeError('a field path needs at least one segment');
  }
  let node: unknown = root;
  for (const segment of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) {
      throw new TypeError(`no object at ${path.join('.')}`);
    }
    node = (node as Record<string | number, unknown>)[segment];
  }
  if (typeof node !== 'object' || node === null) {
    throw new TypeError(`no object at ${path.join('.')}`);
  }
  return { parent: node as Record<string | number, unknown>, key };
}
