/**
 * Stands in for the Lambda service: reads the queues that stand in for the functions (and
 * the SQS event sources), turns each message into the event Lambda would pass, and invokes
 * the handler. Asynchronous invocations that fail go to the function's on-failure
 * destination, as Lambda sends them there once its retries are spent.
 *
 * @module
 */
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { RecordedCall } from '../harness/aws-proxy.ts';
import { snsLambdaEvent } from '../harness/sns-lambda-event.ts';
import type { InvocationOutcome, LoadedFunction } from './lambda-runtime.ts';
import type { TriggerQueue } from './template-provisioner.ts';

/** One invocation of a handler, and what it was given. */
export interface Invocation {
  function: string;
  trigger: TriggerQueue;
  event: unknown;
  outcome: InvocationOutcome;
  /**
   * Set when the sandbox filled in the event's `account`, which moto's EventBridge leaves
   * out of what it delivers: the account the event came from.
   */
  filledAccount?: string;
  /** For an SQS batch: the messages the handler reported failed (left on the queue). */
  failedMessages?: number;
  /** The AWS calls the handler made (`ecr:DescribeRepositories`, …), when they are recorded. */
  calls: string[];
}

export interface PollerOptions {
  sqs: SQSClient;
  region: string;
  triggers: readonly TriggerQueue[];
  functions: ReadonlyMap<string, LoadedFunction>;
  /** The account an event was put on a bus for, by event id (the sandbox plays AWS). */
  accountOfEvent(eventId: string): string | undefined;
  /** The account of the stack: what an event put by someone else came from. */
  busAccount: string;
  /** The calls made through the recording proxy the handlers talk to, if any. */
  recorder?: { readonly calls: readonly RecordedCall[] };
}

export interface LambdaPoller {
  /** Invokes the handlers until every queue is empty, and returns the invocations in order. */
  drain(): Promise<Invocation[]>;
}

/** Lambda would have retried this much before giving up; enough for any sandbox scenario. */
const MAX_ROUNDS = 50;

function sqsEvent(messages: Message[], trigger: TriggerQueue, region: string): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: m.Attributes?.SenderId ?? 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp:
          m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: trigger.arn,
      awsRegion: region,
    })),
  };
}

/**
 * Creates the poller.
 *
 * @example
 * ```ts
 * const poller = createLambdaPoller({ sqs, region, triggers: stack.triggers, functions, accountOfEvent, busAccount });
 * for (const invocation of await poller.drain()) describe(invocation);
 * ```
 */
export function createLambdaPoller(options: PollerOptions): LambdaPoller {
  const { sqs, region } = options;

  async function receiveOnce(trigger: TriggerQueue, max: number): Promise<Message[]> {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: trigger.url,
        MaxNumberOfMessages: Math.min(10, max),
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    return out.Messages ?? [];
  }

  /**
   * An event source mapping's batch (one invocation per message otherwise). A batch larger
   * than one receive (10) is gathered as Lambda's batch window does: what the queue holds, up
   * to the batch size.
   */
  async function receive(trigger: TriggerQueue): Promise<Message[]> {
    if (trigger.kind !== 'sqs') return receiveOnce(trigger, 10);
    const batch: Message[] = [];
    while (batch.length < trigger.batchSize) {
      const messages = await receiveOnce(trigger, trigger.batchSize - batch.length);
      if (messages.length === 0) break;
      batch.push(...messages);
    }
    return batch;
  }

  async function remove(trigger: TriggerQueue, message: Message): Promise<void> {
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: trigger.url, ReceiptHandle: message.ReceiptHandle }),
    );
  }

  /** Invokes, and collects the AWS calls made meanwhile (invocations run one at a time). */
  async function invoke(
    loaded: LoadedFunction,
    event: unknown,
  ): Promise<{ outcome: InvocationOutcome; calls: string[] }> {
    const from = options.recorder?.calls.length ?? 0;
    const outcome = await loaded.invoke(event);
    const calls = (options.recorder?.calls.slice(from) ?? []).map(
      (c) => `${c.service}:${c.operation}`,
    );
    return { outcome, calls };
  }

  async function toFailureDestination(
    loaded: LoadedFunction,
    event: unknown,
    error: Error,
  ): Promise<void> {
    const destination = loaded.fn.onFailure;
    if (destination === undefined) return;
    // The record Lambda sends to an on-failure destination (AWS Lambda developer guide).
    const record = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: {
        requestId: 'sandbox',
        functionArn: `${loaded.fn.arn}:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 1,
      },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: error.name, errorMessage: error.message },
    };
    await sqs.send(
      new SendMessageCommand({ QueueUrl: destination.url, MessageBody: JSON.stringify(record) }),
    );
  }

  async function invokeAsync(
    loaded: LoadedFunction,
    trigger: TriggerQueue,
    message: Message,
  ): Promise<Invocation> {
    const body = JSON.parse(message.Body ?? '{}') as Record<string, unknown>;
    let event: unknown = body;
    let filledAccount: string | undefined;
    if (trigger.kind === 'sns') {
      event = snsLambdaEvent(body);
    } else if (body.account === undefined) {
      filledAccount = options.accountOfEvent(String(body.id)) ?? options.busAccount;
      event = { ...body, account: filledAccount };
    }
    const { outcome, calls } = await invoke(loaded, event);
    if (outcome.status === 'failed') await toFailureDestination(loaded, event, outcome.error);
    await remove(trigger, message);
    return {
      function: trigger.function,
      trigger,
      event,
      outcome,
      calls,
      ...(filledAccount === undefined ? {} : { filledAccount }),
    };
  }

  /** An EventBridge event a rule sent to the queue, with the `account` moto left out. */
  function withAccount(message: Message): Message {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(message.Body ?? '') as Record<string, unknown>;
    } catch {
      return message;
    }
    if (body['detail-type'] === undefined || body.account !== undefined) return message;
    const account = options.accountOfEvent(String(body.id)) ?? options.busAccount;
    return { ...message, Body: JSON.stringify({ ...body, account }) };
  }

  async function invokeBatch(
    loaded: LoadedFunction,
    trigger: TriggerQueue,
    messages: Message[],
  ): Promise<Invocation> {
    const event = sqsEvent(messages.map(withAccount), trigger, region);
    const { outcome, calls } = await invoke(loaded, event);
    // Partial batch response: the failed messages stay on the queue (visible again after
    // the visibility timeout, then to the DLQ), the others are deleted. A thrown error
    // leaves the whole batch.
    const failed = new Set(
      outcome.status === 'succeeded'
        ? ((outcome.response as SQSBatchResponse | undefined)?.batchItemFailures ?? []).map(
            (f) => f.itemIdentifier,
          )
        : messages.map((m) => m.MessageId),
    );
    for (const message of messages) {
      if (!failed.has(message.MessageId ?? '')) await remove(trigger, message);
    }
    return {
      function: trigger.function,
      trigger,
      event,
      outcome,
      calls,
      failedMessages: failed.size,
    };
  }

  return {
    async drain(): Promise<Invocation[]> {
      const invocations: Invocation[] = [];
      for (let round = 0; round < MAX_ROUNDS; round += 1) {
        let received = 0;
        for (const trigger of options.triggers) {
          const loaded = options.functions.get(trigger.function);
          if (loaded === undefined) continue;
          const messages = await receive(trigger);
          received += messages.length;
          if (messages.length === 0) continue;
          if (trigger.kind === 'sqs') {
            invocations.push(await invokeBatch(loaded, trigger, messages));
          } else {
            for (const message of messages) {
              invocations.push(await invokeAsync(loaded, trigger, message));
            }
          }
        }
        if (received === 0) return invocations;
      }
      throw new Error(`the queues were still not empty after ${MAX_ROUNDS} rounds of invocations`);
    },
  };
}
