export { alertDeliveries, type SlackDelivery } from './alert-deliveries.ts';
export { SlackDeliveryError, SlackError, WebhookSecretError } from './errors.ts';
export { escapeMrkdwn, fitMrkdwn, fitPlainText, mrkdwnLink } from './mrkdwn.ts';
export { type AlertParking, type ParkedAlert, parkedAlert } from './parked-alert.ts';
export {
  parseRetryAfter,
  postToSlack,
  type SlackPostOptions,
  type SlackPostOutcome,
} from './post-to-slack.ts';
export { renderSlackMessage, SLACK_MAX_FINDINGS } from './render-slack-message.ts';
export { REDACTED_WEBHOOK, scrubWebhookUrls } from './scrub-webhook-urls.ts';
export { SLACK_LIMITS, slackLimitViolations } from './slack-limits.ts';
export type {
  ActionsBlock,
  ButtonElement,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  MrkdwnText,
  PlainText,
  SectionBlock,
  SlackBlock,
  SlackMessage,
} from './slack-message.ts';
export {
  SLACK_POST_KEY_PREFIX,
  SLACK_POST_LEASE_MS,
  SLACK_POST_TTL_SECONDS,
  type SlackPostState,
  slackPostKey,
  slackPostLedger,
} from './slack-post-ledger.ts';
export {
  MAX_DELAY_SECONDS,
  MAX_HAND_BACKS,
  type SlackRetryMessage,
  SlackRetryMessageSchema,
  type SlackRetryQueue,
  slackRetryMessage,
} from './slack-retry-message.ts';
export {
  type RejectedSnsRecord,
  type SnsAlertRecord,
  snsAlertRecords,
} from './sns-alert-records.ts';
export { sqsAlertParking, sqsSlackRetryQueue } from './sqs-slack-queues.ts';
export {
  WebhookDirectory,
  type WebhookDirectoryOptions,
  type WebhookLookup,
} from './webhook-directory.ts';
export {
  DEFAULT_ROUTE,
  parseWebhookRoutes,
  routeFor,
  routeKey,
  type WebhookRoute,
  type WebhookRoutes,
} from './webhook-routes.ts';
export { mayHaveBeenSent, WebhookTransportError, webhookTransport } from './webhook-transport.ts';
