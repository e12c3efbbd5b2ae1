/**
 * A notice as a Slack message (Block Kit): what ecr-guard changed on the team's repositories,
 * why, and how to be exempted, within Slack's limits.
 *
 * @module
 */
import type { Notice, NoticeChange, NoticeRepository } from '#lib/notices/notice.ts';
import { noticeSubject } from '#lib/notices/notice-message.ts';
import { fitMrkdwn, fitPlainText, mrkdwnLink } from './mrkdwn.ts';
import { SLACK_LIMITS } from './slack-limits.ts';
import type { MrkdwnText, SectionBlock, SlackBlock, SlackMessage } from './slack-message.ts';

/** Room for one line of a change. */
const LINE_LENGTH = 400;

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** Room for one rule of a lifecycle policy. */
const RULE_LENGTH = 200;

function ruleLines(label: string, rules: readonly string[]): string[] {
  if (rules.length === 0) return [`    ${label}: none`];
  return [`    ${label}:`, ...rules.map((rule) => `      ${fitMrkdwn(rule, RULE_LENGTH)}`)];
}

function changeLines(change: NoticeChange): string[] {
  const lines = [
    `• *${fitMrkdwn(change.control, 60)}* (standard: \`${fitMrkdwn(change.section, 60)}\`): ${fitMrkdwn(change.summary, LINE_LENGTH)}`,
  ];
  if (change.rules !== undefined) {
    lines.push(...ruleLines('rules now', change.rules));
    if (change.removedRules !== undefined)
      lines.push(...ruleLines('rules removed', change.removedRules));
  }
  return lines;
}

function repositoryBlock(repository: NoticeRepository): SectionBlock {
  const title = `${mrkdwnLink(repository.consoleUrl, repository.repositoryName)} · ${repository.account} · ${repository.region} · scope \`${fitMrkdwn(repository.scope, 63)}\``;
  const held =
    repository.heldBack > 0
      ? [
          `_${repository.heldBack} earlier change(s) since the last notice were not announced (notices.minInterval)._`,
        ]
      : [];
  const body = [title, ...repository.changes.flatMap(changeLines), ...held].join('\n');
  // A section holds 3,000 characters: a repository with very long rule lists is cut.
  return section(
    body.length <= SLACK_LIMITS.sectionText
      ? body
      : `${body.slice(0, SLACK_LIMITS.sectionText - 1)}…`,
  );
}

function driftBlock(notice: Notice): SectionBlock[] {
  const drift = notice.drift;
  if (drift === undefined) return [];
  const count =
    drift.driftsLast30Days === undefined
      ? ''
      : `\nThis repository drifted *${drift.driftsLast30Days} time(s)* in the last 30 days.`;
  return [
    section(
      `*Drift:* ${fitMrkdwn(drift.principal, 200)} (\`${fitMrkdwn(drift.callerArn, 400)}\`) called \`${drift.eventName}\` at ${fitMrkdwn(drift.eventTime, 40)}, undoing the standard. ecr-guard re-applied it.${count}`,
    ),
  ];
}

function exemptionBlock(notice: Notice): SectionBlock {
  const { tags, help } = notice.exemption;
  return section(
    `*To be exempted*, tag the repository \`${tags.exempt}=<controls or all>\`, \`${tags.exemptUntil}=<YYYY-MM-DD>\` and \`${tags.exemptReason}=<why>\`.\n${fitMrkdwn(help, 1_000)}`,
  );
}

/**
 * Renders a notice for the team's Slack channel.
 *
 * @example
 * ```ts
 * const message = renderNoticeSlackMessage(notice);
 * await webhook.send(message);
 * ```
 */
export function renderNoticeSlackMessage(notice: Notice): SlackMessage {
  const subject = noticeSubject(notice);
  const intro: MrkdwnText = {
    type: 'mrkdwn',
    text:
      notice.origin === 'sweep'
        ? `ecr-guard's sweep brought *${notice.repositories.length + notice.omittedRepositories}* repositories of *${fitMrkdwn(notice.team, 100)}* to the standard.`
        : `ecr-guard brought a repository of *${fitMrkdwn(notice.team, 100)}* to the standard.`,
  };
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: fitPlainText(subject, SLACK_LIMITS.headerText) },
    },
    { type: 'section', text: intro },
    ...driftBlock(notice),
    ...notice.repositories.map(repositoryBlock),
    ...(notice.omittedRepositories > 0
      ? [section(`…and ${notice.omittedRepositories} more repositories.`)]
      : []),
    exemptionBlock(notice),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `notice ${notice.noticeId} · ${notice.origin} ${fitMrkdwn(notice.originId, 100)}`,
        },
      ],
    },
  ];
  return { text: subject, blocks };
}
