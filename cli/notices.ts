/**
 * The notices of a CLI run: printed with `--dry-run`, sent only with `--notify` (a person
 * fixing repositories by hand does not surprise their owners).
 *
 * @module
 */
import {
  createNoticeSending,
  type NoticeOrigin,
  type NoticeOutcome,
  type NoticeSending,
  sendNotices,
} from '#lib/app/index.ts';
import type { ClientFactory } from '#lib/aws/index.ts';
import { readNoticeEnvironment } from '#lib/config/environment.ts';
import type { RepositoryReport } from '#lib/enforcement/index.ts';
import { renderNoticeSlackMessage } from '#lib/slack/render-notice-slack.ts';
import type { Standard } from '#lib/standard/index.ts';
import { CliError, type CliIo } from './io.ts';

/** What the CLI's flags ask of notices. */
export interface NoticeFlags {
  dryRun: boolean;
  notify: boolean;
}

/**
 * How a CLI run sends notices: a dry run prints them, `--notify` sends them, else none.
 *
 * @throws CliError when `--notify` is given without ALERTS_TOPIC_ARN and DEDUPE_TABLE_NAME
 *
 * @example
 * ```ts
 * const sending = cliNoticeSending({ dryRun: false, notify: true }, io, 'us-east-1', () => clients);
 * ```
 */
export function cliNoticeSending(
  flags: NoticeFlags,
  io: CliIo,
  region: string,
  clients: () => ClientFactory,
): NoticeSending | undefined {
  if (flags.dryRun) return { mode: 'dry-run' };
  if (!flags.notify) return undefined;
  const environment = readNoticeEnvironment(io.env);
  if (environment.alertsTopicArn === undefined || environment.dedupeTableName === undefined) {
    throw new CliError('--notify needs ALERTS_TOPIC_ARN and DEDUPE_TABLE_NAME in the environment');
  }
  return createNoticeSending(environment, region, clients());
}

/**
 * The notices of the run's reports, sent or only built as `sending` says.
 *
 * @returns the outcomes, with each notice's Slack payload; `undefined` without sending
 *
 * @example
 * ```ts
 * const notices = await cliNotices(result.repositories, noticeOriginOf(event), standard, sending);
 * ```
 */
export async function cliNotices(
  reports: readonly RepositoryReport[],
  origin: NoticeOrigin,
  standard: Standard,
  sending: NoticeSending | undefined,
): Promise<NoticeOutcome[] | undefined> {
  if (sending === undefined) return undefined;
  return sendNotices(reports, origin, {
    standard,
    sending,
    now: () => new Date(),
    renderSlack: renderNoticeSlackMessage,
  });
}
