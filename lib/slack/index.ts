export { SlackDeliveryError, SlackError, WebhookSecretError } from './errors.ts';
export { escapeMrkdwn, fitMrkdwn, fitPlainText, mrkdwnLink } from './mrkdwn.ts';
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
  type RejectedSnsRecord,
  type SnsAlertRecord,
  snsAlertRecords,
} from './sns-alert-records.ts';
export {
  WebhookDirectory,
  type WebhookDirectoryOptions,
  type WebhookLookup,
} from './webhook-directory.ts';
export {
  DEFAULT_ROUTE,
  parseWebhookRoutes,
  routeFor,
  type WebhookRoute,
  type WebhookRoutes,
} from './webhook-routes.ts';
