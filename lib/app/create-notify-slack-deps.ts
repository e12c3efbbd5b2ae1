/**
 * Wires {@link notifySlack} to AWS and Slack: the Lambda builds its dependencies here.
 *
 * @module
 */
import type { ClientFactory } from '#lib/aws/client-factory.ts';
import { WebhookSecretError } from '#lib/slack/errors.ts';
import { postToSlack, type SlackPostOptions } from '#lib/slack/post-to-slack.ts';
import { WebhookDirectory } from '#lib/slack/webhook-directory.ts';
import type { NotifySlackDeps } from './notify-slack.ts';

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):secret:/;

/**
 * Builds the dependencies of {@link notifySlack}: the webhook directory on the secret (read in
 * the secret's own account and region) and the poster with its retry policy.
 *
 * @param options.clients - the client factory
 * @param options.webhooksSecretArn - the secret's ARN
 * @param options.post - retry policy overrides (tests pass a fake clock)
 * @throws WebhookSecretError when the ARN is not a secret ARN
 *
 * @example
 * ```ts
 * const deps = createNotifySlackDeps({ clients: createClientFactory(), webhooksSecretArn });
 * ```
 */
export function createNotifySlackDeps(options: {
  clients: ClientFactory;
  webhooksSecretArn: string;
  post?: SlackPostOptions;
}): NotifySlackDeps {
  const match = SECRET_ARN.exec(options.webhooksSecretArn);
  const [, region, account] = match ?? [];
  if (region === undefined || account === undefined) {
    throw new WebhookSecretError(options.webhooksSecretArn, 'is not a Secrets Manager secret ARN');
  }
  const webhooks = new WebhookDirectory({
    // Loaded when the secret is first read: the function's only AWS client.
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
  return {
    webhooks,
    post: (url, message, route) => postToSlack(url, message, route, options.post),
  };
}
