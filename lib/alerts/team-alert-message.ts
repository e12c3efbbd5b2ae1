/**
 * The SNS message of a team alert: JSON body, a readable subject, the message attributes of
 * every alert (`kind` included), within SNS's size limit.
 *
 * @module
 */
import { truncateText } from '#lib/text/index.ts';
import { SNS_SUBJECT_MAX_LENGTH } from './alert-subject.ts';
import { AlertError } from './errors.ts';
import { SNS_MAX_MESSAGE_BYTES } from './sns-alert-message.ts';
import type { TeamAlert } from './team-alert-schema.ts';

/** What is published for a team alert. */
export interface SnsTeamAlertMessage {
  subject: string;
  body: string;
  attributes: { kind: string; severity: string; team: string; account?: string };
  sizeBytes: number;
}

/**
 * The subject: `[HIGH] CVE-2024-6119 on 20 images of payments`, `Resolved: 20 images of payments`.
 *
 * @example
 * ```ts
 * teamAlertSubject(alert); // '[HIGH] CVE-2024-6119 on 20 images (payments)'
 * ```
 */
export function teamAlertSubject(alert: TeamAlert): string {
  const images = `${alert.imageCount} image${alert.imageCount === 1 ? '' : 's'}`;
  const text =
    alert.kind === 'grouped'
      ? `[${alert.severity}] ${alert.finding?.id ?? 'finding'} on ${images} (${alert.team})`
      : `Resolved: ${images} (${alert.team}) no longer have alerted findings`;
  // SNS subjects: ASCII printable, no line breaks.
  return truncateText(text.replace(/[^\x20-\x7e]/g, '?'), SNS_SUBJECT_MAX_LENGTH, '...');
}

function messageOf(alert: TeamAlert): SnsTeamAlertMessage {
  const subject = teamAlertSubject(alert);
  const body = JSON.stringify(alert);
  const accounts = new Set(alert.images.map((image) => image.account));
  const [account] = accounts;
  const attributes = {
    kind: alert.kind,
    severity: alert.severity,
    team: alert.team,
    ...(accounts.size === 1 && account !== undefined ? { account } : {}),
  };
  let sizeBytes = Buffer.byteLength(subject) + Buffer.byteLength(body);
  for (const [name, value] of Object.entries(attributes)) {
    sizeBytes += Buffer.byteLength(name) + Buffer.byteLength('String') + Buffer.byteLength(value);
  }
  return { subject, body, attributes, sizeBytes };
}

/**
 * Builds the message, dropping listed images (then resolved ids) from the end, counted in
 * `omittedImages` (`omittedResolvedIds`), until it fits.
 *
 * @throws AlertError when not even the alert without images fits
 *
 * @example
 * ```ts
 * const { alert: published, message } = snsTeamAlertMessage(alert);
 * ```
 */
export function snsTeamAlertMessage(
  alert: TeamAlert,
  maxBytes = SNS_MAX_MESSAGE_BYTES,
): { alert: TeamAlert; message: SnsTeamAlertMessage } {
  let current = alert;
  let message = messageOf(current);
  while (message.sizeBytes > maxBytes && current.images.length > 0) {
    current = {
      ...current,
      images: current.images.slice(0, -1),
      omittedImages: current.omittedImages + 1,
    };
    message = messageOf(current);
  }
  while (message.sizeBytes > maxBytes && (current.resolvedIds?.length ?? 0) > 0) {
    const ids = current.resolvedIds ?? [];
    current = {
      ...current,
      resolvedIds: ids.slice(0, -1),
      omittedResolvedIds: (current.omittedResolvedIds ?? 0) + 1,
    };
    message = messageOf(current);
  }
  if (message.sizeBytes > maxBytes) {
    throw new AlertError(
      `the ${alert.kind} alert for ${alert.team} does not fit in ${maxBytes} bytes`,
    );
  }
  return { alert: current, message };
}
