import 'aws-sdk-client-mock-vitest/extend';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AlertClaimContentionError,
  DynamoDbAlertDedupe,
  type WonClaim,
} from '#lib/alerts/index.ts';
import type { Severity } from '#lib/events/index.ts';

const NOW = new Date('2026-11-29T12:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
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

function storedItem(
  entries: [string, Severity][],
  version: number,
  expiresAt = NOW_SECONDS + 3_600,
): Record<string, AttributeValue> {
  return {
    pk: { S: KEY },
    alerted: { M: Object.fromEntries(entries.map(([k, s]) => [k, { S: s }])) },
    version: { N: String(version) },
    expiresAt: { N: String(expiresAt) },
    firstAlertedAt: { S: '2026-11-28T00:00:00.000Z' },
    lastAlertedAt: { S: '2026-11-28T00:00:00.000Z' },
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
  const dedupe = new DynamoDbAlertDedupe({
    client: new DynamoDBClient({}),
    tableName: 'ecr-guard-alerts',
    account: '123456789012',
    region: 'us-east-1',
    ttlDays: 7,
    now: () => NOW,
  });
  afterEach(() => dynamodb.reset());

  describe('Method: claim', () => {
    it('claims a first alert with one conditional put, expiring after the TTL', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).resolves({});

      // Act
      const claim = await dedupe.claim(request([['CVE-1', 'HIGH']]));

      // Assess
      expect(claim).toMatchObject({ outcome: 'claimed', kind: 'new', newKeys: ['CVE-1'] });
      expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 1);
      expect(dynamodb).toHaveReceivedCommandWith(PutItemCommand, {
        TableName: 'ecr-guard-alerts',
        ConditionExpression: 'attribute_not_exists(#pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        Item: expect.objectContaining({
          pk: { S: KEY },
          alerted: { M: { 'CVE-1': { S: 'HIGH' } } },
          version: { N: '1' },
          expiresAt: { N: String(NOW_SECONDS + 7 * 86_400) },
        }),
      });
    });

    it('answers a duplicate from the failed put alone, writing nothing more', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).rejects(conditionFailed(storedItem([['CVE-1', 'HIGH']], 1)));

      // Act
      const claim = await dedupe.claim(request([['CVE-1', 'HIGH']]));

      // Assess
      expect(claim).toEqual({ outcome: 'duplicate', lastAlertedAt: '2026-11-28T00:00:00.000Z' });
      expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 1);
    });

    it('claims an update for what is new, keeping everything alerted so far', async () => {
      // Prepare
      dynamodb
        .on(PutItemCommand)
        .rejectsOnce(
          conditionFailed(
            storedItem(
              [
                ['CVE-1', 'HIGH'],
                ['CVE-0', 'CRITICAL'],
              ],
              3,
            ),
          ),
        )
        .resolves({});

      // Act
      const claim = await dedupe.claim(
        request([
          ['CVE-1', 'HIGH'],
          ['CVE-2', 'CRITICAL'],
        ]),
      );

      // Assess
      expect(claim).toMatchObject({ outcome: 'claimed', kind: 'update', newKeys: ['CVE-2'] });
      expect(dynamodb).toHaveReceivedNthCommandWith(PutItemCommand, 2, {
        ConditionExpression: '#version = :version',
        ExpressionAttributeValues: { ':version': { N: '3' } },
        Item: expect.objectContaining({
          version: { N: '4' },
          alerted: {
            M: { 'CVE-0': { S: 'CRITICAL' }, 'CVE-1': { S: 'HIGH' }, 'CVE-2': { S: 'CRITICAL' } },
          },
          firstAlertedAt: { S: '2026-11-28T00:00:00.000Z' },
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
        .rejectsOnce(conditionFailed(storedItem([['CVE-1', 'HIGH']], 5, NOW_SECONDS - 1)))
        .resolves({});

      // Act
      const claim = await dedupe.claim(request([['CVE-1', 'HIGH']]));

      // Assess
      expect(claim).toMatchObject({ outcome: 'claimed', kind: 'new', newKeys: ['CVE-1'] });
      expect(dynamodb).toHaveReceivedNthCommandWith(PutItemCommand, 2, {
        ExpressionAttributeValues: { ':version': { N: '5' } },
      });
    });

    it('decides again after losing a race, and finds the winner alerted it', async () => {
      // Prepare: an update loses to a concurrent delivery of the same scan
      dynamodb
        .on(PutItemCommand)
        .rejectsOnce(conditionFailed(storedItem([['CVE-1', 'HIGH']], 1)))
        .rejectsOnce(
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
      const claim = await dedupe.claim(
        request([
          ['CVE-1', 'HIGH'],
          ['CVE-2', 'HIGH'],
        ]),
      );

      // Assess
      expect(claim.outcome).toBe('duplicate');
      expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 2);
    });

    it('gives up with a retryable error when the record keeps changing', async () => {
      // Prepare
      let version = 1;
      dynamodb.on(PutItemCommand).callsFake(() => {
        version += 1;
        throw conditionFailed(storedItem([[`CVE-${version}`, 'HIGH']], version));
      });

      // Act
      const claiming = dedupe.claim(request([['CVE-new', 'HIGH']]));

      // Assess
      await expect(claiming).rejects.toBeInstanceOf(AlertClaimContentionError);
      await expect(dedupe.claim(request([['CVE-new', 'HIGH']]))).rejects.toMatchObject({
        retryable: true,
      });
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

  describe('Method: release', () => {
    it('deletes the record of a first alert, if it is still the claim’s own', async () => {
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

    it('puts back the record an update replaced', async () => {
      // Prepare
      const before = storedItem([['CVE-1', 'HIGH']], 1);
      dynamodb.on(PutItemCommand).rejectsOnce(conditionFailed(before)).resolves({});
      const claim = (await dedupe.claim(
        request([
          ['CVE-1', 'HIGH'],
          ['CVE-2', 'HIGH'],
        ]),
      )) as WonClaim;

      // Act
      await claim.release();

      // Assess
      expect(dynamodb).toHaveReceivedNthCommandWith(PutItemCommand, 3, {
        Item: before,
        ConditionExpression: '#version = :version',
        ExpressionAttributeValues: { ':version': { N: '2' } },
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
