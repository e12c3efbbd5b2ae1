/**
 * Wires {@link notifySlack} to AWS and Slack: the Lambda builds its dependencies here.
 *
 * @module
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ClientFactory } from '#lib/aws/client-factory.ts';
import { WebhookSecretError } from '#lib/slack/errors.ts';
import { postToSlack, type SlackPostOptions } from '#lib/slack/post-to-slack.ts';
import { slackPostLedger } from '#lib/slack/slack-post-ledger.ts';
import { sqsAlertParking, sqsSlackRetryQueue } from '#lib/slack/sqs-slack-queues.ts';
import { WebhookDirectory } from '#lib/slack/webhook-directory.ts';
import type { NotifySlackDeps } from './notify-slack.ts';

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):secret:/;

/**
 * Builds the dependencies of {@link notifySlack}: the webhook directory on the secret (read in
 * the secret's own account and region), the poster with its delivery policy, and — when they
 * are configured — the ledger that posts each alert version once (the dedupe table), the
 * on-failure queue refused alerts are parked in, and the retry queue alerts are handed back
 * to. The table and the queues are the function's own, in the secret's account.
 *
 * @param options.clients - the client factory
 * @param options.webhooksSecretArn - the secret's ARN
 * @param options.region - the function's region (of the table and the queues)
 * @param options.post - delivery policy overrides (tests pass a fake clock)
 * @throws WebhookSecretError when the ARN is not a secret ARN
 *
 * @example
 * ```ts
 * const deps = createNotifySlackDeps({ clients: createClientFactory(), webhooksSecretArn, region });
 * ```
 */
export function createNotifySlackDeps(options: {
  clients: ClientFactory;
  webhooksSecretArn: string;
  region?: string;
  dedupeTableName?: string | undefined;
  failureQueueUrl?: string | undefined;
  retryQueueUrl?: string | undefined;
  post?: SlackPostOptions;
}): NotifySlackDeps {
  const match = SECRET_ARN.exec(options.webhooksSecretArn);
  const [, region, account] = match ?? [];
  if (region === undefined || account === undefined) {
    throw new WebhookSecretError(options.webhooksSecretArn, 'is not a Secrets Manager secret ARN');
  }
  const webhooks = new WebhookDirectory({
    // Loaded when the secret is first read (once per cache period), not at cold start.
    client: async () =>
      options.clients.client(
        (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient,
        {
          account,
          region,
        },
      ),
    secretId: options.webhooksSecretArn,
  });
  const own = { account, region: options.region ?? region };
  const sqs = (): SQSClient => options.clients.client(SQSClient, own);
  const { dedupeTableName, failureQueueUrl, retryQueueUrl } = options;
  return {
    webhooks,
    post: (url, message, route) => postToSlack(url, message, route, options.post),
    ...(dedupeTableName === undefined
      ? {}
      : {
          ledger: slackPostLedger({
            client: options.clients.client(DynamoDBClient, own),
            tableName: dedupeTableName,
            ...own,
          }),
        }),
    ...(failureQueueUrl === undefined
      ? {}
      : { parking: sqsAlertParking(sqs(), failureQueueUrl, own.region) }),
    ...(retryQueueUrl === undefined
      ? {}
      : { retryQueue: sqsSlackRetryQueue(sqs(), retryQueueUrl, own.region) }),
  };
}
