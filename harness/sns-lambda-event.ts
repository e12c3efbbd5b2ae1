/**
 * The event Lambda receives from an SNS subscription, built from the notification SNS sends
 * (the JSON an HTTP subscriber receives: moto delivers exactly that). Lambda's record adds
 * `EventSource`, `EventVersion` and `EventSubscriptionArn`, and spells the URL keys
 * `SigningCertUrl` / `UnsubscribeUrl` (AWS Lambda developer guide, "Using Lambda with SNS").
 */
import type { Alert } from '#lib/alerts/index.ts';
import { snsAlertMessage } from '#lib/alerts/index.ts';

export function snsLambdaEvent(notification: Record<string, unknown>): unknown {
  const {
    SigningCertURL,
    UnsubscribeURL,
    MessageAttributes = {},
    ...rest
  } = notification as Record<string, unknown> & {
    SigningCertURL?: string;
    UnsubscribeURL?: string;
  };
  const topicArn = String(notification.TopicArn);
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
        Sns: {
          ...rest,
          SigningCertUrl: SigningCertURL,
          UnsubscribeUrl: UnsubscribeURL,
          MessageAttributes,
        },
      },
    ],
  };
}

/** The SNS → Lambda event of an alert, as it would be published. */
export function snsLambdaEventOf(
  alert: Alert,
  messageId = '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
): unknown {
  const { message } = snsAlertMessage(alert);
  return snsLambdaEvent({
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:ecr-guard-alerts',
    Subject: message.subject,
    Message: message.body,
    Timestamp: '2026-11-29T12:00:00.000Z',
    SignatureVersion: '1',
    Signature: 'EXAMPLE',
    SigningCertURL:
      'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem',
    UnsubscribeURL:
      'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=EXAMPLE',
    MessageAttributes: Object.fromEntries(
      Object.entries(message.attributes).map(([k, v]) => [k, { Type: 'String', Value: v }]),
    ),
  });
}
