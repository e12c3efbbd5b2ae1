import type { Alert, SnsAlertMessage } from '#lib/alerts/index.ts';
import { renderSlackMessage, type SlackMessage } from '#lib/slack/index.ts';

/** An alert as every subscriber would see it: the SNS message, and the Slack message. */
export interface AlertPreview {
  alert: Alert;
  sns: {
    topicArn: string | undefined;
    subject: string;
    attributes: SnsAlertMessage['attributes'];
    sizeBytes: number;
    /** The `Message` exactly as published: the alert's JSON. */
    body: string;
  };
  slack: SlackMessage;
}

/**
 * What `handle --dry-run` and `render-alert` print for an alert.
 *
 * @example
 * ```ts
 * io.stdout(toJson(alertPreview(alert, message, topicArn)));
 * ```
 */
export function alertPreview(
  alert: Alert,
  message: SnsAlertMessage,
  topicArn: string | undefined,
): AlertPreview {
  return {
    alert,
    sns: {
      topicArn,
      subject: message.subject,
      attributes: message.attributes,
      sizeBytes: message.sizeBytes,
      body: message.body,
    },
    slack: renderSlackMessage(alert),
  };
}
