import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SweepQueueError, sqsSweepQueue } from '#lib/sweep/index.ts';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/ecr-guard-sweep';

describe('Function: sqsSweepQueue', () => {
  const sqs = mockClient(SQSClient);

  beforeEach(() => {
    sqs.reset();
  });

  it('sends by tens, each message with its delay', async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const queue = sqsSweepQueue(new SQSClient({ region: 'us-east-1' }), QUEUE_URL, 'us-east-1');
    const messages = Array.from({ length: 12 }, (_, i) => ({
      body: `{"n":${i}}`,
      deduplicationId: `id-${i}`,
      delaySeconds: i,
    }));

    // Act
    await queue.send(messages);

    // Assess
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
    expect(sqs).toHaveReceivedNthCommandWith(SendMessageBatchCommand, 1, {
      QueueUrl: QUEUE_URL,
      Entries: expect.arrayContaining([
        { Id: '0', MessageBody: '{"n":0}' },
        { Id: '3', MessageBody: '{"n":3}', DelaySeconds: 3 },
      ]),
    });
    expect(sqs).toHaveReceivedNthCommandWith(SendMessageBatchCommand, 2, {
      QueueUrl: QUEUE_URL,
      Entries: [
        { Id: '10', MessageBody: '{"n":10}', DelaySeconds: 10 },
        { Id: '11', MessageBody: '{"n":11}', DelaySeconds: 11 },
      ],
    });
  });

  it('keeps ten batches in flight at once, so that a large fan-out fits the scheduler timeout', async () => {
    // Prepare
    let inFlight = 0;
    let most = 0;
    sqs.on(SendMessageBatchCommand).callsFake(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return { Successful: [], Failed: [] };
    });
    const queue = sqsSweepQueue(new SQSClient({ region: 'us-east-1' }), QUEUE_URL, 'us-east-1');

    // Act
    await queue.send(
      Array.from({ length: 250 }, (_, i) => ({ body: `{"n":${i}}`, deduplicationId: `id-${i}` })),
    );

    // Assess
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 25);
    expect(most).toBe(10);
  });

  it('fails, naming each entry, when SQS refuses some of a batch', async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '0', Code: 'InvalidParameterValue', SenderFault: true, Message: 'too late' }],
    });
    const queue = sqsSweepQueue(new SQSClient({ region: 'us-east-1' }), QUEUE_URL, 'us-east-1');

    // Act
    const send = queue.send([{ body: '{}', deduplicationId: 'id', delaySeconds: 901 }]);

    // Assess
    await expect(send).rejects.toThrow(SweepQueueError);
    await expect(send).rejects.toThrow('0: InvalidParameterValue too late');
  });
});
