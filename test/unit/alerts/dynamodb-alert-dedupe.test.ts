import 'aws-sdk-client-mock-vitest/extend';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AlertClaimContentionError,
  DynamoDbAlertDedupe,
  type DynamoDbAlertDedupeOptions,
  type WonClaim,
} from '#lib/alerts/index.ts';
import { encodeStoredEntries, storedAlertedSet } from '#lib/alerts/stored-alerted-set.ts';
import { DeliveryInFlightError } from '#lib/delivery/index.ts';
import type { Severity } from '#lib/events/index.ts';

const NOW = new Date('2026-11-29T12:00:00Z');
const NOW_MS = NOW.getTime();
const NOW_SECONDS = NOW_MS / 1000;
const SUBJECT = {
  account: '123456789012',
  region: 'us-east-1',
  repositoryName: 'my-repository-name',
  imageDigest: 'sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234',
};
const KEY = `123456789012/us-east-1/my-repository-name@${SUBJECT.imageDigest}`;

function request(entries: [string, Severity][]) {
  return {
    subject: SUBJECT,
    alerted: new Map(entries),
    fingerprint: 'sha256:f',
    eventId: 'event-1',
  };
}

/** A record of alerted findings, as the ledger writes it (or in the map form of before). */
function storedItem(
  entries: [string, Severity][],
  version: number,
  options: {
    expiresAt?: number;
    lease?: { until: number };
    form?: 'packed' | 'map';
    generation?: number;
  } = {},
): Record<string, AttributeValue> {
  const alerted: AttributeValue =
    options.form === 'map'
      ? { M: Object.fromEntries(entries.map(([k, s]) => [k, { S: s }])) }
      : { B: encodeStoredEntries(storedAlertedSet(new Map(entries)).entries) };
  return {
    pk: { S: KEY },
    alerted,
    version: { N: String(version) },
    expiresAt: { N: String(options.expiresAt ?? NOW_SECONDS + 3_600) },
    ...(options.form === 'map' ? {} : { generation: { N: String(options.generation ?? 1) } }),
    ...(options.form === 'map'
      ? { lastAlertedAt: { S: '2026-11-28T00:00:00.000Z' } }
      : { deliveredAt: { S: '2026-11-28T00:00:00.000Z' } }),
    ...(options.lease === undefined
      ? {}
      : { lease: { M: { token: { S: 'other' }, until: { N: String(options.lease.until) } } } }),
  };
}

/** A record that holds nothing but another claim's lease. */
function leaseOnly(version: number, until: number): Record<string, AttributeValue> {
  return {
    pk: { S: KEY },
    version: { N: String(version) },
    generation: { N: '0' },
    expiresAt: { N: String(NOW_SECONDS + 3_600) },
    lease: { M: { token: { S: 'other' }, until: { N: String(until) } } },
  };
}

function conditionFailed(item?: Record<string, AttributeValue>): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item === undefined ? {} : { Item: item }),
  });
}

describe('Class: DynamoDbAlertDedupe', () => {
  const dynamodb = mockClient(DynamoDBClient);
  let clock = NOW_MS;
  const waits: number[] = [];
  const make = (options: Partial<DynamoDbAlertDedupeOptions> = {}) =>
    new DynamoDbAlertDedupe({
      client: new DynamoDBClient({}),
      tableName: 'ecr-guard-alerts',
      account: '123456789012',
      region: 'us-east-1',
      ttlDays: 7,
      leaseSeconds: 30,
      now: () => new Date(clock),
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
      ...options,
    });
  const dedupe = make();
  afterEach(() => {
    dynamodb.reset();
    clock = NOW_MS;
    waits.length = 0;
  });

  describe('Method: claim', () => {
    it('leases a first alert with one conditional put, recording nothing as alerted yet', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).resolves({});

      // Act
      const claim = await dedupe.claim(request([['CVE-1', 'HIGH']]));

      // Assess
      expect(claim).toMatchObject({
        outcome: 'claimed',
        kind: 'new',
        newKeys: ['CVE-1'],
        generation: 1,
        tookOver: false,
      });
      expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 1);
      expect(dynamodb).toHaveReceivedCommandWith(PutItemCommand, {
        TableName: 'ecr-guard-alerts',
        ConditionExpression: 'attribute_not_exists(#pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        Item: {
          pk: { S: KEY },
          version: { N: '1' },
          generation: { N: '0' },
          expiresAt: { N: String(NOW_SECONDS + 7 * 86_400) },
          lease: {
            M: expect.objectContaining({
              until: { N: String(NOW_MS + 30_000) },
              note: { S: 'event-1' },
            }),
          },
        },
      });
    });

    it('answers a duplicate from the failed put alone, writing nothing more', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).rejects(conditionFailed(storedItem([['CVE-1', 'HIGH']], 2)));

      // Act
      const claim = await dedupe.claim(request([['CVE-1', 'HIGH']]));

      // Assess
      expect(claim).toEqual({ outcome: 'duplicate', lastAlertedAt: '2026-11-28T00:00:00.000Z' });
      expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 1);
      expect(dynamodb).toHaveReceivedCommandTimes(UpdateItemCommand, 0);
    });

    it('reads a record written before the set was bounded (finding keys in a map)', async () => {
      // Prepare
      dynamodb
        .on(PutItemCommand)
        .rejects(conditionFailed(storedItem([['CVE-1', 'HIGH']], 3, { form: 'map' })));

      // Act
      const claim = await dedupe.claim(request([['CVE-1', 'HIGH']]));

      // Assess
      expect(claim.outcome).toBe('duplicate');
    });

    it('claims an update for what is new: a lease, the alerted set unchanged until confirmed', async () => {
      // Prepare
      const before = storedItem(
        [
          ['CVE-1', 'HIGH'],
          ['CVE-0', 'CRITICAL'],
        ],
        3,
        { generation: 2 },
      );
      dynamodb.on(PutItemCommand).rejects(conditionFailed(before));
      dynamodb.on(UpdateItemCommand).resolves({});

      // Act
      const claim = await dedupe.claim(
        request([
          ['CVE-1', 'HIGH'],
          ['CVE-2', 'CRITICAL'],
        ]),
      );

      // Assess
      expect(claim).toMatchObject({
        outcome: 'claimed',
        kind: 'update',
        newKeys: ['CVE-2'],
        generation: 3,
      });
      expect(dynamodb).toHaveReceivedCommandWith(UpdateItemCommand, {
        Key: { pk: { S: KEY } },
        UpdateExpression: 'SET #lease = :lease, #version = :next',
        ConditionExpression: '#version = :version',
        ExpressionAttributeValues: expect.objectContaining({
          ':version': { N: '3' },
          ':next': { N: '4' },
        }),
      });
    });

    it('does not alert a finding again when it comes back after going away', async () => {
      // Prepare: CVE-2 was alerted, then a scan without it was recorded as a duplicate
      dynamodb.on(PutItemCommand).rejects(
        conditionFailed(
          storedItem(
            [
              ['CVE-1', 'HIGH'],
              ['CVE-2', 'HIGH'],
            ],
            2,
          ),
        ),
      );

      // Act
      const claim = await dedupe.claim(request([['CVE-2', 'HIGH']]));

      // Assess
      expect(claim.outcome).toBe('duplicate');
    });

    it('treats a record past its TTL as absent: a new alert', async () => {
      // Prepare
      dynamodb
        .on(PutItemCommand)
        .rejectsOnce(
          conditionFailed(storedItem([['CVE-1', 'HIGH']], 5, { expiresAt: NOW_SECONDS - 1 })),
        )
        .resolves({});

      // Act
      const claim = await dedupe.claim(request([['CVE-1', 'HIGH']]));

      // Assess
      expect(claim).toMatchObject({ outcome: 'claimed', kind: 'new', generation: 1 });
      expect(dynamodb).toHaveReceivedNthCommandWith(PutItemCommand, 2, {
        ConditionExpression: '#version = :version',
        ExpressionAttributeValues: { ':version': { N: '5' } },
        Item: expect.objectContaining({ version: { N: '6' } }),
      });
    });

    it('waits for a concurrent claim to confirm, then finds the alert made', async () => {
      // Prepare: another delivery of the scan holds the record; it confirms meanwhile.
      dynamodb.on(PutItemCommand).rejects(conditionFailed(leaseOnly(1, NOW_MS + 30_000)));
      dynamodb
        .on(GetItemCommand)
        .resolvesOnce({ Item: leaseOnly(1, NOW_MS + 30_000) })
        .resolves({ Item: storedItem([['CVE-1', 'HIGH']], 2) });

      // Act
      const claim = await dedupe.claim(request([['CVE-1', 'HIGH']]));

      // Assess
      expect(claim.outcome).toBe('duplicate');
      expect(dynamodb).toHaveReceivedCommandWith(GetItemCommand, { ConsistentRead: true });
      expect(waits).toEqual([50, 100]);
    });

    it('takes over a claim whose lease ran out unconfirmed (its invocation died)', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).rejects(conditionFailed(leaseOnly(1, NOW_MS - 1)));
      dynamodb.on(UpdateItemCommand).resolves({});

      // Act
      const claim = await dedupe.claim(request([['CVE-1', 'HIGH']]));

      // Assess
      expect(claim).toMatchObject({
        outcome: 'claimed',
        kind: 'new',
        newKeys: ['CVE-1'],
        generation: 1,
        tookOver: true,
      });
      expect(waits).toEqual([]);
    });

    it('takes over an update whose claim died, with what it found new', async () => {
      // Prepare: the image was alerted for CVE-1; a claim for CVE-2 died with its lease.
      const before = storedItem([['CVE-1', 'HIGH']], 4, { lease: { until: NOW_MS - 1 } });
      dynamodb.on(PutItemCommand).rejects(conditionFailed(before));
      dynamodb.on(UpdateItemCommand).resolves({});

      // Act
      const claim = await dedupe.claim(
        request([
          ['CVE-1', 'HIGH'],
          ['CVE-2', 'CRITICAL'],
        ]),
      );

      // Assess
      expect(claim).toMatchObject({ outcome: 'claimed', kind: 'update', newKeys: ['CVE-2'] });
    });

    it('gives up waiting with a retryable error when the lease outlasts the wait', async () => {
      // Prepare
      const held = leaseOnly(1, NOW_MS + 30_000);
      dynamodb.on(PutItemCommand).rejects(conditionFailed(held));
      dynamodb.on(GetItemCommand).resolves({ Item: held });

      // Act
      const claiming = make({ maxWaitMs: 2_000 }).claim(request([['CVE-1', 'HIGH']]));

      // Assess
      await expect(claiming).rejects.toBeInstanceOf(DeliveryInFlightError);
      await expect(claiming).rejects.toMatchObject({ retryable: true, key: KEY });
      expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2_000);
    });

    it('gives up with a retryable error when the record keeps changing', async () => {
      // Prepare
      let version = 1;
      dynamodb.on(PutItemCommand).rejects(conditionFailed(storedItem([['CVE-0', 'HIGH']], 1)));
      dynamodb.on(UpdateItemCommand).callsFake(() => {
        version += 1;
        throw conditionFailed(storedItem([[`CVE-${version}`, 'HIGH']], version));
      });

      // Act
      const claiming = dedupe.claim(request([['CVE-new', 'HIGH']]));

      // Assess
      await expect(claiming).rejects.toBeInstanceOf(AlertClaimContentionError);
      await expect(claiming).rejects.toMatchObject({ retryable: true, attempts: 5 });
    });

    it('wraps other DynamoDB failures as AwsCallError', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).rejects(
        Object.assign(new Error('Throughput exceeded'), {
          name: 'ProvisionedThroughputExceededException',
          $metadata: { httpStatusCode: 400 },
          $retryable: {},
        }),
      );

      // Act / Assess
      await expect(dedupe.claim(request([['CVE-1', 'HIGH']]))).rejects.toMatchObject({
        name: 'AwsCallError',
        operation: 'dynamodb:PutItem',
        retryable: true,
      });
    });
  });

  describe('Method: confirm', () => {
    it('records the alerted set, the generation and a fresh TTL, if the lease is still its own', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).resolves({});
      const claim = (await dedupe.claim(request([['CVE-1', 'HIGH']]))) as WonClaim;

      // Act
      const confirmed = await claim.confirm();

      // Assess
      expect(confirmed).toBe('confirmed');
      expect(dynamodb).toHaveReceivedNthCommandWith(PutItemCommand, 2, {
        ConditionExpression: '#version = :version',
        ExpressionAttributeValues: { ':version': { N: '1' } },
        Item: {
          pk: { S: KEY },
          alerted: {
            B: encodeStoredEntries(storedAlertedSet(new Map([['CVE-1', 'HIGH']])).entries),
          },
          alertedOverflow: { N: '0' },
          fingerprint: { S: 'sha256:f' },
          version: { N: '2' },
          generation: { N: '1' },
          expiresAt: { N: String(NOW_SECONDS + 7 * 86_400) },
          deliveredAt: { S: NOW.toISOString() },
          firstDeliveredAt: { S: NOW.toISOString() },
        },
      });
    });

    it('merges an update into everything alerted so far, keeping when it was first alerted', async () => {
      // Prepare
      const before = {
        ...storedItem([['CVE-0', 'CRITICAL']], 3, { generation: 2 }),
        firstDeliveredAt: { S: '2026-11-01T00:00:00.000Z' },
      };
      dynamodb.on(PutItemCommand).rejectsOnce(conditionFailed(before)).resolves({});
      dynamodb.on(UpdateItemCommand).resolves({});
      const claim = (await dedupe.claim(request([['CVE-2', 'HIGH']]))) as WonClaim;

      // Act
      await claim.confirm();

      // Assess
      expect(dynamodb).toHaveReceivedNthCommandWith(PutItemCommand, 2, {
        Item: expect.objectContaining({
          alerted: {
            B: encodeStoredEntries(
              storedAlertedSet(
                new Map([
                  ['CVE-0', 'CRITICAL'],
                  ['CVE-2', 'HIGH'],
                ]),
              ).entries,
            ),
          },
          generation: { N: '3' },
          version: { N: '5' },
          firstDeliveredAt: { S: '2026-11-01T00:00:00.000Z' },
        }),
      });
    });

    it('answers lost when another claim took the record after the lease ran out', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).resolvesOnce({}).rejects(conditionFailed());
      const claim = (await dedupe.claim(request([['CVE-1', 'HIGH']]))) as WonClaim;

      // Act / Assess
      await expect(claim.confirm()).resolves.toBe('lost');
    });
  });

  describe('Method: release', () => {
    it('deletes the record a first claim created, if it is still the claim’s own', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).resolves({});
      dynamodb.on(DeleteItemCommand).resolves({});
      const claim = (await dedupe.claim(request([['CVE-1', 'HIGH']]))) as WonClaim;

      // Act
      await claim.release();

      // Assess
      expect(dynamodb).toHaveReceivedCommandWith(DeleteItemCommand, {
        Key: { pk: { S: KEY } },
        ConditionExpression: '#version = :version',
        ExpressionAttributeValues: { ':version': { N: '1' } },
      });
    });

    it('removes only the lease of an update, leaving what was alerted', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).rejects(conditionFailed(storedItem([['CVE-1', 'HIGH']], 1)));
      dynamodb.on(UpdateItemCommand).resolves({});
      const claim = (await dedupe.claim(
        request([
          ['CVE-1', 'HIGH'],
          ['CVE-2', 'HIGH'],
        ]),
      )) as WonClaim;

      // Act
      await claim.release();

      // Assess
      expect(dynamodb).toHaveReceivedNthCommandWith(UpdateItemCommand, 2, {
        UpdateExpression: 'SET #version = :next REMOVE #lease',
        ConditionExpression: '#version = :version',
        ExpressionAttributeValues: { ':version': { N: '2' }, ':next': { N: '3' } },
      });
    });

    it('leaves a record a newer claim owns', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).resolves({});
      dynamodb.on(DeleteItemCommand).rejects(conditionFailed());
      const claim = (await dedupe.claim(request([['CVE-1', 'HIGH']]))) as WonClaim;

      // Act / Assess
      await expect(claim.release()).resolves.toBeUndefined();
    });
  });
});
