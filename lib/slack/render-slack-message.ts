/**
 * Renders an alert as a Slack Block Kit message: header, summary, up to ten findings, context
 * and buttons to the console — within Slack's limits, whatever the alert holds.
 *
 * @module
 */
import type { Alert, AlertFinding } from '#lib/alerts/alert-schema.ts';
import { alertedCountsText, alertSubject, imageReference } from '#lib/alerts/alert-subject.ts';
import { type AnyAlert, isTeamAlert } from '#lib/alerts/any-alert.ts';
import { usageText } from '#lib/alerts/image-usage.ts';
import type { Severity } from '#lib/events/index.ts';
import { fitMrkdwn, fitPlainText, mrkdwnLink } from './mrkdwn.ts';
import { renderTeamAlert } from './render-team-alert.ts';
import { SLACK_LIMITS } from './slack-limits.ts';
import type {
  ActionsBlock,
  ButtonElement,
  ContextBlock,
  MrkdwnText,
  SectionBlock,
  SlackBlock,
  SlackMessage,
} from './slack-message.ts';

/** Findings listed in the message; the rest are counted ("and N more"). */
export const SLACK_MAX_FINDINGS = 10;
/** Image tags named in the summary. */
const MAX_TAGS_SHOWN = 10;
/** Room for one value of a summary field or one part of a finding. */
const PART_LENGTH = 300;

const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
  CRITICAL: '🔴',
  HIGH: '🟠',
  MEDIUM: '🟡',
  LOW: '🔵',
  INFORMATIONAL: '⚪',
  UNDEFINED: '⚫',
};

function mrkdwn(text: string): MrkdwnText {
  return { type: 'mrkdwn', text };
}

function field(label: string, value: string): MrkdwnText {
  return mrkdwn(`*${label}*\n${fitMrkdwn(value, Math.min(PART_LENGTH, SLACK_LIMITS.fieldText))}`);
}

function headerText(alert: Alert): string {
  const what =
    alert.kind === 'update'
      ? `${alert.severity}: ${alert.newCount} new in ${imageReference(alert)}`
      : `${alert.severity} in ${imageReference(alert)}`;
  return fitPlainText(`${SEVERITY_EMOJI[alert.severity]} ${what}`, SLACK_LIMITS.headerText);
}

function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.split(':', 2);
  return hex === undefined ? digest : `${algorithm}:${hex.slice(0, 12)}`;
}

function tagsText(alert: Alert): string {
  const { tags, omittedTags } = alert.image;
  if (tags.length === 0 && omittedTags === 0) return 'untagged';
  const shown = tags.slice(0, MAX_TAGS_SHOWN);
  const more = tags.length - shown.length + omittedTags;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

function summary(alert: Alert): SectionBlock {
  const counts = `*${fitMrkdwn(alertedCountsText(alert), PART_LENGTH)}* at or above ${alert.minSeverity}`;
  const where = `in \`${fitMrkdwn(imageReference(alert), PART_LENGTH)}\``;
  const news =
    alert.kind === 'update' ? `\n*${alert.newCount} new* since this image was last alerted.` : '';
  const account =
    alert.account.alias === undefined
      ? alert.account.id
      : `${alert.account.alias} (${alert.account.id})`;
  const fields = [
    field('Team', alert.team),
    field('Account', account),
    field('Region', alert.region),
    field('Repository', alert.repository.name),
    field('Tags', tagsText(alert)),
    field('Digest', shortDigest(alert.image.digest)),
    field('Pushed', alert.image.pushedAt ?? 'unknown'),
    field('Scanner', alert.scanner === 'basic' ? 'ECR basic scanning' : 'Amazon Inspector'),
  ];
  const usage = usageText(alert.image.usage);
  if (usage !== undefined) fields.push(field('In use', usage));
  return { type: 'section', text: mrkdwn(`${counts} ${where}${news}`), fields };
}

/** Links longer than this are left out of the text rather than cut (a cut URL is wrong). */
const MAX_LINK_LENGTH = 1_500;

function linked(url: string | undefined, label: string): string {
  const fitted = fitPlainText(label, PART_LENGTH);
  return url === undefined || url.length > MAX_LINK_LENGTH
    ? fitMrkdwn(fitted, PART_LENGTH)
    : mrkdwnLink(url, fitted);
}

function findingSection(finding: AlertFinding): SectionBlock {
  const rating = [
    finding.severity,
    ...(finding.score === undefined ? [] : [String(finding.score)]),
    ...(finding.exploitAvailable === true ? ['exploit available'] : []),
    ...(finding.new ? [':new: new'] : []),
  ].join(' · ');
  const lines = [`*${linked(finding.link, finding.id)}* · ${rating}`];
  if (finding.packageName !== undefined) {
    const installed =
      finding.installedVersion === undefined
        ? ''
        : ` ${fitMrkdwn(finding.installedVersion, PART_LENGTH)}`;
    const fix =
      finding.fixedInVersion === undefined
        ? ' · no fixed version yet'
        : ` → fixed in *${fitMrkdwn(finding.fixedInVersion, PART_LENGTH)}*`;
    lines.push(`\`${fitMrkdwn(finding.packageName, PART_LENGTH)}\`${installed}${fix}`);
  }
  if (finding.title !== undefined) lines.push(`_${fitMrkdwn(finding.title, PART_LENGTH)}_`);
  // Every part is bounded: at most one link (1,500) and five parts of 300, well under 3,000.
  return { type: 'section', text: mrkdwn(lines.join('\n')) };
}

function moreFindings(alert: Alert, shown: number): ContextBlock | undefined {
  const more = alert.findings.length - shown + alert.omittedFindings;
  if (more <= 0) return undefined;
  return {
    type: 'context',
    elements: [
      mrkdwn(
        `…and ${more} more at or above ${alert.minSeverity}: ${linked(alert.links.findings, 'see them all in the console')}`,
      ),
    ],
  };
}

function context(alert: Alert): ContextBlock {
  const fingerprint = alert.fingerprint.replace(/^sha256:/, '').slice(0, 12);
  return {
    type: 'context',
    elements: [
      mrkdwn(
        fitMrkdwn(
          `ecr-guard · ${alert.kind === 'update' ? 'update' : 'first alert'} for this image · fingerprint ${fingerprint} · event ${alert.event.id}`,
          SLACK_LIMITS.contextText,
        ),
      ),
    ],
  };
}

function button(actionId: string, text: string, url: string, primary = false): ButtonElement[] {
  // A URL Slack would refuse is left out rather than cut.
  if (url.length > SLACK_LIMITS.buttonUrl) return [];
  return [
    {
      type: 'button',
      text: { type: 'plain_text', text: fitPlainText(text, SLACK_LIMITS.buttonText) },
      url,
      action_id: actionId,
      ...(primary ? { style: 'primary' as const } : {}),
    },
  ];
}

function actions(alert: Alert): ActionsBlock | undefined {
  const elements = [
    ...button('ecr-guard-open-image', 'Open image', alert.links.image, true),
    ...button('ecr-guard-open-findings', 'All vulnerabilities', alert.links.findings),
    ...button('ecr-guard-open-repository', 'Repository', alert.links.repository),
  ];
  return elements.length === 0 ? undefined : { type: 'actions', elements };
}

/**
 * Renders any alert for Slack: an image alert (`new`, `update`), or a team alert (`grouped`,
 * `resolved`, see `renderTeamAlert`).
 *
 * @param alert - the alert, as published on the topic
 * @returns the message: a fallback `text` (the SNS subject) and at most 16 blocks, every text
 *   within Slack's limits
 *
 * @example
 * ```ts
 * await webhook.send(renderSlackMessage(alert));
 * ```
 */
export function renderSlackMessage(alert: AnyAlert): SlackMessage {
  return isTeamAlert(alert) ? renderTeamAlert(alert) : renderImageAlert(alert);
}

function renderImageAlert(alert: Alert): SlackMessage {
  const shown = alert.findings.slice(0, SLACK_MAX_FINDINGS);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: headerText(alert), emoji: true } },
    summary(alert),
    { type: 'divider' },
    ...shown.map(findingSection),
  ];
  const more = moreFindings(alert, shown.length);
  if (more !== undefined) blocks.push(more);
  blocks.push(context(alert));
  const buttons = actions(alert);
  if (buttons !== undefined) blocks.push(buttons);
  return { text: alertSubject(alert), blocks };
}
