/**
 * Slack's Block Kit limits, and a checker for a message against them.
 *
 * Source: Slack API reference, "Blocks" (50 blocks per message; header text 150 characters;
 * section text 3,000, 10 fields of 2,000; context 10 elements; actions 25 elements) and
 * "Block elements" (button text 75, url 3,000, action_id 255).
 *
 * @module
 */
import type { SlackMessage } from './slack-message.ts';

export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  headerText: 150,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  contextElements: 10,
  contextText: 3_000,
  actionsElements: 25,
  buttonText: 75,
  buttonUrl: 3_000,
  actionId: 255,
  /** Slack truncates a message's `text` past 40,000 characters. */
  messageText: 40_000,
} as const;

/**
 * Lists every way a message breaks Slack's limits (Slack would refuse it with
 * `invalid_blocks`, or truncate it).
 *
 * @param message - the message to check
 * @returns one line per problem, naming the block; empty when the message is within limits
 *
 * @example
 * ```ts
 * expect(slackLimitViolations(renderSlackMessage(alert))).toEqual([]);
 * ```
 */
export function slackLimitViolations(message: SlackMessage): string[] {
  const problems: string[] = [];
  const over = (what: string, length: number, limit: number): void => {
    if (length > limit) problems.push(`${what}: ${length} > ${limit}`);
  };
  over('text', message.text.length, SLACK_LIMITS.messageText);
  if (message.text.trim() === '') problems.push('text: empty');
  over('blocks', message.blocks.length, SLACK_LIMITS.blocksPerMessage);
  message.blocks.forEach((block, index) => {
    const at = `blocks[${index}] (${block.type})`;
    switch (block.type) {
      case 'header':
        over(`${at}.text`, block.text.text.length, SLACK_LIMITS.headerText);
        if (block.text.text.trim() === '') problems.push(`${at}.text: empty`);
        break;
      case 'section': {
        if (block.text === undefined && (block.fields ?? []).length === 0) {
          problems.push(`${at}: needs text or fields`);
        }
        if (block.text !== undefined) {
          over(`${at}.text`, block.text.text.length, SLACK_LIMITS.sectionText);
          if (block.text.text.trim() === '') problems.push(`${at}.text: empty`);
        }
        const fields = block.fields ?? [];
        over(`${at}.fields`, fields.length, SLACK_LIMITS.sectionFields);
        fields.forEach((field, f) => {
          over(`${at}.fields[${f}]`, field.text.length, SLACK_LIMITS.fieldText);
        });
        break;
      }
      case 'context':
        over(`${at}.elements`, block.elements.length, SLACK_LIMITS.contextElements);
        if (block.elements.length === 0) problems.push(`${at}.elements: empty`);
        block.elements.forEach((element, e) => {
          over(`${at}.elements[${e}]`, element.text.length, SLACK_LIMITS.contextText);
        });
        break;
      case 'actions':
        over(`${at}.elements`, block.elements.length, SLACK_LIMITS.actionsElements);
        if (block.elements.length === 0) problems.push(`${at}.elements: empty`);
        block.elements.forEach((button, b) => {
          over(`${at}.elements[${b}].text`, button.text.text.length, SLACK_LIMITS.buttonText);
          over(`${at}.elements[${b}].url`, button.url.length, SLACK_LIMITS.buttonUrl);
          over(`${at}.elements[${b}].action_id`, button.action_id.length, SLACK_LIMITS.actionId);
        });
        break;
      case 'divider':
        break;
    }
  });
  return problems;
}
