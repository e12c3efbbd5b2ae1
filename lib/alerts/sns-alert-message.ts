/**
 * The SNS message of an alert: the alert as JSON for machines, a readable subject for people,
 * and message attributes for subscription filter policies — within SNS's size limit.
 *
 * @module
 */
import type { Alert } from './alert-schema.ts';
import { alertSubject } from './alert-subject.ts';
import { AlertError } from './errors.ts';

/** SNS's limit on a message, body and attributes together: 256 KiB. */
export const SNS_MAX_MESSAGE_BYTES = 262_144;

/** Message attributes every alert carries, for filter policies (`{"severity": ["CRITICAL"]}`). */
export const ALERT_ATTRIBUTE_NAMES = ['kind', 'severity', 'account', 'repository', 'team'] as const;
export type AlertAttributeName = (typeof ALERT_ATTRIBUTE_NAMES)[number];

/** What is published: SNS `Subject`, `Message` and `String` message attributes. */
export interface SnsAlertMessage {
  subject: string;
  /** The alert, as JSON. */
  body: string;
  attributes: Record<AlertAttributeName, string>;
  /** The size SNS counts (UTF-8 bytes of the body and the attributes), subject included. */
  sizeBytes: number;
}

/** The alert as it was published: `findings` and `image.tags` may have been cut to fit. */
export interface SizedAlert {
  alert: Alert;
  message: SnsAlertMessage;
}

function attributesOf(alert: Alert): Record<AlertAttributeName, string> {
  return {
    kind: alert.kind,
    severity: alert.severity,
    account: alert.account.id,
    repository: alert.repository.name,
    team: alert.team,
  };
}

function sizeOf(subject: string, body: string, attributes: Record<string, string>): number {
  let size = Buffer.byteLength(subject) + Buffer.byteLength(body);
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength('String') + Buffer.byteLength(value);
  }
  return size;
}

function messageOf(alert: Alert): SnsAlertMessage {
  const subject = alertSubject(alert);
  const body = JSON.stringify(alert);
  const attributes = attributesOf(alert);
  return { subject, body, attributes, sizeBytes: sizeOf(subject, body, attributes) };
}

/** The largest `n` in `[0, max]` for which `fits(n)` holds, given `fits` is monotone. */
function largestFitting(max: number, fits: (n: number) => boolean): number | undefined {
  if (!fits(0)) return undefined;
  let low = 0;
  let high = max;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * Builds the SNS message of an alert, cutting the findings list (and, in the extreme, the
 * image tags) until the message fits, and counting what was left out in `omittedFindings`
 * (`omittedTags`) so every reader can say "and N more". Findings are ranked, so what is cut
 * is the least severe.
 *
 * @param alert - the alert with every alerted finding
 * @param maxBytes - the size limit, {@link SNS_MAX_MESSAGE_BYTES} by default
 * @returns the alert as published and its message
 * @throws AlertError when not even an alert without findings and tags fits (it cannot: its
 *   other fields are bounded far below the limit)
 *
 * @example
 * ```ts
 * const { alert: published, message } = snsAlertMessage(alert);
 * await sns.send(new PublishCommand({ TopicArn, Subject: message.subject, Message: message.body, … }));
 * ```
 */
export function snsAlertMessage(alert: Alert, maxBytes = SNS_MAX_MESSAGE_BYTES): SizedAlert {
  const whole = messageOf(alert);
  if (whole.sizeBytes <= maxBytes) return { alert, message: whole };

  const withFindings = (count: number): Alert => ({
    ...alert,
    findings: alert.findings.slice(0, count),
    omittedFindings: alert.omittedFindings + alert.findings.length - count,
  });
  const keptFindings = largestFitting(
    alert.findings.length,
    (n) => messageOf(withFindings(n)).sizeBytes <= maxBytes,
  );
  if (keptFindings !== undefined) {
    const cut = withFindings(keptFindings);
    return { alert: cut, message: messageOf(cut) };
  }

  const bare = withFindings(0);
  const withTags = (count: number): Alert => ({
    ...bare,
    image: {
      ...bare.image,
      tags: bare.image.tags.slice(0, count),
      omittedTags: bare.image.omittedTags + bare.image.tags.length - count,
    },
  });
  const keptTags = largestFitting(
    bare.image.tags.length,
    (n) => messageOf(withTags(n)).sizeBytes <= maxBytes,
  );
  if (keptTags === undefined) {
    throw new AlertError(
      `the alert for ${alert.repository.name} does not fit in ${maxBytes} bytes even without findings and tags`,
    );
  }
  const cut = withTags(keptTags);
  return { alert: cut, message: messageOf(cut) };
}
