/**
 * Where enforce-repository and sweep-worker send their notices, from their environment.
 *
 * @module
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { parseTopicArn, SnsAlertPublisher } from '#lib/alerts/sns-alert-publisher.ts';
import { type ClientFactory, createClientFactory } from '#lib/aws/client-factory.ts';
import type { NoticeEnvironment } from '#lib/config/environment.ts';
import { noticeLedger } from '#lib/notices/notice-ledger.ts';
import { sqsNoticeParking } from '#lib/notices/notice-parking.ts';
import type { NoticeSending } from './send-notices.ts';

/**
 * Why notices cannot be sent with this environment.
 *
 * @example
 * ```ts
 * throw new NoticeSetupError('ALERTS_TOPIC_ARN is set without DEDUPE_TABLE_NAME');
 * ```
 */
export class NoticeSetupError extends Error {
  override readonly name = 'NoticeSetupError';
}

/**
 * Builds the notice sending of a function: publisher (at-most-once: a publish is never
 * repeated after a timeout), ledger and parking, in the topic's (central) account, with the
 * function's own credentials (or the clients given: the CLI's).
 *
 * @returns the sending, or `undefined` when no topic is configured (notices are off)
 * @throws NoticeSetupError when a topic is set without a dedupe table, or is not a topic ARN
 *
 * @example
 * ```ts
 * const sending = createNoticeSending(readNoticeEnvironment(), 'us-east-1');
 * ```
 */
export function createNoticeSending(
  environment: NoticeEnvironment,
  region: string,
  clients: ClientFactory = createClientFactory(),
): NoticeSending | undefined {
  const { alertsTopicArn, dedupeTableName, failureQueueUrl } = environment;
  if (alertsTopicArn === undefined) return undefined;
  const topic = parseTopicArn(alertsTopicArn);
  if (topic === undefined) throw new NoticeSetupError(`${alertsTopicArn} is not an SNS topic ARN`);
  if (dedupeTableName === undefined) {
    throw new NoticeSetupError(
      'ALERTS_TOPIC_ARN is set without DEDUPE_TABLE_NAME: notices would be announced again on every retry',
    );
  }
  const central = { account: topic.account, region: topic.region };
  return {
    mode: 'send',
    // Notices go out as the alerts do (a notice's message is a publishable message).
    publisher: new SnsAlertPublisher({
      client: clients.client(SNSClient, central, 'at-most-once'),
      topicArn: alertsTopicArn,
    }),
    ledger: noticeLedger({
      client: clients.client(DynamoDBClient, { account: topic.account, region }),
      tableName: dedupeTableName,
      account: topic.account,
      region,
    }),
    ...(failureQueueUrl === undefined
      ? {}
      : {
          parking: sqsNoticeParking(
            clients.client(SQSClient, { account: topic.account, region }),
            failureQueueUrl,
            region,
          ),
        }),
  };
}
