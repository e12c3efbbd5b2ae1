/**
 * Publishes notices to the SNS alerts topic.
 *
 * @module
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { parseTopicArn } from '#lib/alerts/sns-alert-publisher.ts';
import { toAwsCallError } from '#lib/aws/translate-error.ts';
import type { SnsNoticeMessage } from './notice-message.ts';

/** Sends a notice's message. */
export interface NoticePublisher {
  /** @returns SNS's message id; @throws AwsCallError when SNS fails */
  publish(message: SnsNoticeMessage): Promise<string>;
}

/**
 * {@link NoticePublisher} on an SNS topic, with `String` message attributes for filter
 * policies. Give it a client with the at-most-once retry strategy: a publish is not
 * idempotent.
 *
 * @example
 * ```ts
 * const publisher = new SnsNoticePublisher({ client: sns, topicArn });
 * await publisher.publish(snsNoticeMessage(notice));
 * ```
 */
export class SnsNoticePublisher implements NoticePublisher {
  readonly #client: SNSClient;
  readonly #topicArn: string;

  constructor(options: { client: SNSClient; topicArn: string }) {
    this.#client = options.client;
    this.#topicArn = options.topicArn;
  }

  async publish(message: SnsNoticeMessage): Promise<string> {
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
      const topic = parseTopicArn(this.#topicArn);
      throw toAwsCallError(error, {
        operation: 'sns:Publish',
        account: topic?.account ?? 'unknown',
        region: topic?.region ?? 'unknown',
      });
    }
  }
}
