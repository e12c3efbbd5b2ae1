/**
 * The SNS message of a notice: the notice as JSON, a readable subject, and the message
 * attributes subscribers filter on (`kind: notice` tells notices from alerts).
 *
 * @module
 */
import { truncateText } from '#lib/text/truncate-text.ts';
import { NOTICE_KIND, type Notice } from './notice.ts';

/** SNS's limit on a subject. */
const MAX_SUBJECT = 100;

/** What is published: SNS `Subject`, `Message` and `String` message attributes. */
export interface SnsNoticeMessage {
  subject: string;
  body: string;
  attributes: { kind: string; team: string; account: string; repository: string };
}

function controlsOf(notice: Notice): string {
  const controls = new Set(notice.repositories.flatMap((r) => r.changes.map((c) => c.control)));
  return [...controls].join(', ');
}

/**
 * The subject of a notice, under 100 characters, printable ASCII (all SNS accepts).
 *
 * @example
 * ```ts
 * noticeSubject(notice); // 'ecr-guard changed payments-api (immutability, lifecycle)'
 * ```
 */
export function noticeSubject(notice: Notice): string {
  const first = notice.repositories[0];
  const count = notice.repositories.length + notice.omittedRepositories;
  const what =
    count === 1 && first !== undefined
      ? first.repositoryName
      : `${count} repositories of ${notice.team}`;
  const text =
    notice.drift === undefined
      ? `ecr-guard changed ${what} (${controlsOf(notice)})`
      : `ecr-guard undid ${notice.drift.eventName} on ${what} by ${notice.drift.principal}`;
  // SNS takes printable ASCII only in a subject.
  return truncateText(text.replace(/[^\x20-\x7e]/g, '?'), MAX_SUBJECT - 1, '...');
}

/**
 * Builds the SNS message of a notice.
 *
 * @example
 * ```ts
 * const { subject, body, attributes } = snsNoticeMessage(notice);
 * attributes.kind; // 'notice'
 * ```
 */
export function snsNoticeMessage(notice: Notice): SnsNoticeMessage {
  const first = notice.repositories[0];
  const single = notice.repositories.length === 1 && notice.omittedRepositories === 0;
  return {
    subject: noticeSubject(notice),
    body: JSON.stringify(notice),
    attributes: {
      kind: NOTICE_KIND,
      team: notice.team,
      account: first?.account ?? 'none',
      repository: single && first !== undefined ? first.repositoryName : '(several)',
    },
  };
}
