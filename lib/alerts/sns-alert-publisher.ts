/**
 * Publishes alerts to the SNS alerts topic.
 *
 * @module
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { toAwsCallError } from '#lib/aws/index.ts';
/** What is published: any alert's message (image or team alert), with `String` attributes. */
export interface PublishableMessage {
  subject: string;
  body: string;
  attributes: Readonly<Record<string, string>>;
}

/** Sends an alert's message; the narrow interface the alerting use case needs. */
export interface AlertPublisher {
  /** @returns SNS's message id */
  publish(message: PublishableMessage): Promise<string>;
}

/** The parts of an SNS topic ARN. */
export interface TopicArn {
  partition: string;
  region: string;
  account: string;
  name: string;
}

const TOPIC_ARN =
  /^arn:(aws[a-z-]*):sns:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):([\w-]{1,256}(?:\.fifo)?)$/;

/**
 * Splits an SNS topic ARN.
 *
 * @returns its parts, or `undefined` when it is not a topic ARN
 *
 * @example
 * ```ts
 * parseTopicArn('arn:aws:sns:us-east-1:123456789012:ecr-guard-alerts');
 * // { partition: 'aws', region: 'us-east-1', account: '123456789012', name: 'ecr-guard-alerts' }
 * ```
 */
export function parseTopicArn(arn: string): TopicArn | undefined {
  const match = TOPIC_ARN.exec(arn);
  if (match === null) return undefined;
  const [, partition, region, account, name] = match;
  if (
    partition === undefined ||
    region === undefined ||
    account === undefined ||
    name === undefined
  ) {
    return undefined;
  }
  return { partition, region, account, name };
}

/**
 * {@link AlertPublisher} on an SNS topic: the message is a plain string (the alert's JSON) with
 * `String` message attributes, so that subscription filter policies can select on them.
 *
 * @example
 * ```ts
 * const publisher = new SnsAlertPublisher({ client: sns, topicArn });
 * const messageId = await publisher.publish(message);
 * ```
 */
export class SnsAlertPublisher implements AlertPublisher {
  readonly #client: SNSClient;
  readonly #topicArn: string;
  readonly #topic: TopicArn | undefined;

  constructor(options: { client: SNSClient; topicArn: string }) {
    this.#client = options.client;
    this.#topicArn = options.topicArn;
    this.#topic = parseTopicArn(options.topicArn);
  }

  async publish(message: PublishableMessage): Promise<string> {
    try {
      const out = await this.#client.send(
        new PublishCommand({
          TopicArn: this.#topicArn,
          Subject: message.subject,
          Message: message.body,
          MessageAttributes: Object.fromEntries(
            Object.entries(message.attributes).map(([name, value]) => [
              name,
              { DataType: 'String', StringValue: value },
            ]),
          ),
        }),
      );
      return out.MessageId ?? '';
    } catch (error) {
      throw toAwsCallError(error, {
        operation: 'sns:Publish',
        account: this.#topic?.account ?? 'unknown',
        region: this.#topic?.region ?? 'unknown',
      });
    }
  }
}
