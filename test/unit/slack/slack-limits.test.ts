import { describe, expect, it } from 'vitest';
import {
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
  slackLimitViolations,
} from '#lib/slack/index.ts';

const text = (length: number): string => 'x'.repeat(length);
const message = (blocks: SlackBlock[]): SlackMessage => ({ text: 'fallback', blocks });
const button = (label: string, url = 'https://example.com') => ({
  type: 'button' as const,
  text: { type: 'plain_text' as const, text: label },
  url,
  action_id: 'a',
});

describe('Function: slackLimitViolations', () => {
  it.each<[string, SlackBlock[], SlackBlock[]]>([
    [
      '50 blocks',
      Array.from({ length: 50 }, (): SlackBlock => ({ type: 'divider' })),
      Array.from({ length: 51 }, (): SlackBlock => ({ type: 'divider' })),
    ],
    [
      'a 150-character header',
      [{ type: 'header', text: { type: 'plain_text', text: text(150) } }],
      [{ type: 'header', text: { type: 'plain_text', text: text(151) } }],
    ],
    [
      'a 3,000-character section',
      [{ type: 'section', text: { type: 'mrkdwn', text: text(3_000) } }],
      [{ type: 'section', text: { type: 'mrkdwn', text: text(3_001) } }],
    ],
    [
      '10 fields',
      [
        {
          type: 'section',
          fields: Array.from({ length: 10 }, () => ({ type: 'mrkdwn' as const, text: 'f' })),
        },
      ],
      [
        {
          type: 'section',
          fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'f' })),
        },
      ],
    ],
    [
      'a 2,000-character field',
      [{ type: 'section', fields: [{ type: 'mrkdwn', text: text(2_000) }] }],
      [{ type: 'section', fields: [{ type: 'mrkdwn', text: text(2_001) }] }],
    ],
    [
      'a 75-character button',
      [{ type: 'actions', elements: [button(text(75))] }],
      [{ type: 'actions', elements: [button(text(76))] }],
    ],
    [
      'a 3,000-character button URL',
      [{ type: 'actions', elements: [button('b', `https://e.com/${text(2_986)}`)] }],
      [{ type: 'actions', elements: [button('b', `https://e.com/${text(2_987)}`)] }],
    ],
    [
      '10 context elements',
      [
        {
          type: 'context',
          elements: Array.from({ length: 10 }, () => ({ type: 'mrkdwn' as const, text: 'c' })),
        },
      ],
      [
        {
          type: 'context',
          elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'c' })),
        },
      ],
    ],
  ])('accepts %s and refuses one more', (_limit, within, beyond) => {
    expect(slackLimitViolations(message(within))).toEqual([]);
    expect(slackLimitViolations(message(beyond))).toHaveLength(1);
  });

  it('refuses a message without fallback text', () => {
    expect(slackLimitViolations({ text: ' ', blocks: [] })).toEqual(['text: empty']);
  });

  it('documents Slack’s numbers', () => {
    expect(SLACK_LIMITS).toMatchObject({
      blocksPerMessage: 50,
      sectionText: 3_000,
      headerText: 150,
    });
  });
});
