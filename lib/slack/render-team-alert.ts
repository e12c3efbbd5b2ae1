/**
 * Renders a team alert (`grouped`: one finding on many images; `resolved`: images whose
 * alerted findings closed) as a Slack Block Kit message, within Slack's limits.
 *
 * @module
 */

import { teamAlertSubject } from '#lib/alerts/team-alert-message.ts';
import type { TeamAlert, TeamAlertImage } from '#lib/alerts/team-alert-schema.ts';
import { fitMrkdwn, fitPlainText, mrkdwnLink } from './mrkdwn.ts';
import { SLACK_LIMITS } from './slack-limits.ts';
import type { MrkdwnText, SectionBlock, SlackBlock, SlackMessage } from './slack-message.ts';

/** Images listed per section: 20 images fit in two sections of well under 3,000 characters. */
const IMAGES_PER_SECTION = 10;
const PART_LENGTH = 300;
/** Links longer than this are left out of the text rather than cut (a cut URL is wrong). */
const MAX_LINK_LENGTH = 1_200;

function mrkdwn(text: string): MrkdwnText {
  return { type: 'mrkdwn', text };
}

function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.split(':', 2);
  return hex === undefined ? digest : `${algorithm}:${hex.slice(0, 12)}`;
}

function imageLine(image: TeamAlertImage): string {
  const tag = image.tags[0] ?? shortDigest(image.digest);
  const label = fitPlainText(`${image.repository}:${tag}`, PART_LENGTH);
  const named =
    image.link.length > MAX_LINK_LENGTH
      ? fitMrkdwn(label, PART_LENGTH)
      : mrkdwnLink(image.link, label);
  const usage = image.usage === undefined ? '' : ` · ${fitMrkdwn(image.usage, 40)}`;
  return `• ${named} · ${image.account}${usage}`;
}

function imageSections(alert: TeamAlert): SectionBlock[] {
  const sections: SectionBlock[] = [];
  for (let i = 0; i < alert.images.length; i += IMAGES_PER_SECTION) {
    const lines = alert.images.slice(i, i + IMAGES_PER_SECTION).map(imageLine);
    sections.push({
      type: 'section',
      text: mrkdwn(fitMrkdwn(lines.join('\n'), SLACK_LIMITS.sectionText)),
    });
  }
  return sections;
}

function headline(alert: TeamAlert): string {
  const images = `${alert.imageCount} image${alert.imageCount === 1 ? '' : 's'}`;
  if (alert.kind === 'resolved') return `✅ Resolved: ${images} of ${alert.team}`;
  return `${alert.severity}: ${alert.finding?.id ?? 'a finding'} on ${images} of ${alert.team}`;
}

function summary(alert: TeamAlert): SectionBlock {
  if (alert.kind === 'resolved') {
    const ids = alert.resolvedIds ?? [];
    const more = alert.omittedResolvedIds ?? 0;
    const closed = `${ids.map((id) => `\`${fitMrkdwn(id, 100)}\``).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
    return {
      type: 'section',
      text: mrkdwn(
        fitMrkdwn(
          `Every alerted finding on these images is closed (fixed, or the image deleted): ${closed || 'the alerted findings'}.`,
          SLACK_LIMITS.sectionText,
        ),
      ),
    };
  }
  const finding = alert.finding;
  const parts = [
    `*${fitMrkdwn(finding?.id ?? 'finding', PART_LENGTH)}* · ${alert.severity}`,
    ...(finding?.score === undefined ? [] : [`score ${finding.score}`]),
    ...(finding?.exploitAvailable === true ? ['exploit available'] : []),
    ...(finding?.fixAvailable === true ? ['fix available'] : []),
  ];
  const lines = [parts.join(' · ')];
  if (finding?.packageName !== undefined) {
    const fix =
      finding.fixedInVersion === undefined
        ? ' · no fixed version yet'
        : ` → fixed in *${fitMrkdwn(finding.fixedInVersion, PART_LENGTH)}*`;
    lines.push(`\`${fitMrkdwn(finding.packageName, PART_LENGTH)}\`${fix}`);
  }
  if (finding?.title !== undefined) lines.push(`_${fitMrkdwn(finding.title, PART_LENGTH)}_`);
  lines.push(
    `On *${alert.imageCount}* images of *${fitMrkdwn(alert.team, PART_LENGTH)}* in this window:`,
  );
  return { type: 'section', text: mrkdwn(lines.join('\n')) };
}

/**
 * Renders the team alert for Slack: a header, what it is about, the first images (each
 * linked to the console) and "and N more".
 *
 * @example
 * ```ts
 * await webhook.send(renderTeamAlert(alert));
 * ```
 */
export function renderTeamAlert(alert: TeamAlert): SlackMessage {
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: fitPlainText(headline(alert), SLACK_LIMITS.headerText),
        emoji: true,
      },
    },
    summary(alert),
    { type: 'divider' },
    ...imageSections(alert),
  ];
  const more = alert.imageCount - alert.images.length;
  if (more > 0) {
    blocks.push({ type: 'context', elements: [mrkdwn(`…and ${more} more images`)] });
  }
  const fingerprint = alert.fingerprint.replace(/^sha256:/, '').slice(0, 12);
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        fitMrkdwn(
          `ecr-guard · ${alert.kind} · fingerprint ${fingerprint} · event ${alert.event.id}`,
          SLACK_LIMITS.contextText,
        ),
      ),
    ],
  });
  return { text: teamAlertSubject(alert), blocks };
}
