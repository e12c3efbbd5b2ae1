import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snsAlertMessage } from '#lib/alerts/index.ts';
import {
  renderSlackMessage,
  type SectionBlock,
  SLACK_LIMITS,
  SLACK_MAX_FINDINGS,
  slackLimitViolations,
} from '#lib/slack/index.ts';
import {
  basicScanEvent,
  manyFindings,
  realEnhancedFindings,
  sampleAlert,
  taggedScanEvent,
} from '../../support/sample-alerts.ts';

function sections(message: ReturnType<typeof renderSlackMessage>): SectionBlock[] {
  return message.blocks.filter((b): b is SectionBlock => b.type === 'section');
}

describe('Function: renderSlackMessage', () => {
  it('renders header, summary, findings, context and buttons', () => {
    // Act
    const message = renderSlackMessage(
      sampleAlert({ event: basicScanEvent(), findings: realEnhancedFindings() }),
    );

    // Assess
    expect(message.blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'divider',
      'section',
      'context',
      'actions',
    ]);
    expect(message.text).toBe('[HIGH] my-repository-name@sha256:7f5b2640fe6f - 1 high');
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: '🟠 HIGH in my-repository-name@sha256:7f5b2640fe6f',
        emoji: true,
      },
    });
    expect(sections(message)[1]?.text?.text).toBe(
      '*<https://security-tracker.debian.org/tracker/CVE-2022-49043|CVE-2022-49043>* · HIGH · 8.1 · :new: new\n' +
        '`libxml2` 2.9.14+dfsg-1.3~deb12u1 · no fixed version yet\n' +
        '_CVE-2022-49043 - libxml2_',
    );
    expect(message.blocks.at(-1)).toMatchObject({
      type: 'actions',
      elements: [
        { text: { text: 'Open image' }, url: expect.stringContaining('/_/image/sha256:7f5b') },
        { text: { text: 'All vulnerabilities' }, url: expect.stringContaining('/scan-results?') },
        { text: { text: 'Repository' } },
      ],
    });
    expect(slackLimitViolations(message)).toEqual([]);
  });

  it('names the team, account, region, repository, tags, digest, push time and scanner', () => {
    // Act
    const [summary] = sections(renderSlackMessage(sampleAlert({ team: 'payments' })));

    // Assess
    expect(summary?.fields?.map((f) => f.text)).toEqual([
      '*Team*\npayments',
      '*Account*\n123456789012',
      '*Region*\neu-north-1',
      '*Repository*\ntribble-image-scan-test',
      '*Tags*\n1572471135',
      '*Digest*\nsha256:d4a96ee9443e',
      '*Pushed*\nunknown',
      '*Scanner*\nECR basic scanning',
    ]);
  });

  it('shows ten findings at most, and how many more there are', () => {
    // Prepare
    const { alert } = snsAlertMessage(sampleAlert({ findings: manyFindings(5_000) }));

    // Act
    const message = renderSlackMessage(alert);

    // Assess
    expect(sections(message)).toHaveLength(1 + SLACK_MAX_FINDINGS);
    const more = message.blocks.find(
      (b) => b.type === 'context' && b.elements[0]?.text.startsWith('…and'),
    );
    expect(more).toMatchObject({
      elements: [{ text: expect.stringMatching(/^…and 4990 more at or above HIGH: <https:/) }],
    });
    expect(slackLimitViolations(message)).toEqual([]);
  });

  it('marks what is new in an update, in the header', () => {
    // Act
    const message = renderSlackMessage(
      sampleAlert({
        findings: [...manyFindings(2, 'CRITICAL'), ...realEnhancedFindings()],
        kind: 'update',
        newKeys: ['CVE-2022-49043 libxml2'],
      }),
    );

    // Assess
    expect(message.blocks[0]).toMatchObject({
      text: { text: '🟠 HIGH: 1 new in tribble-image-scan-test:1572471135' },
    });
    expect(sections(message)[0]?.text?.text).toContain(
      '*1 new* since this image was last alerted.',
    );
  });

  it('escapes mrkdwn in what scanners write', () => {
    // Act
    const message = renderSlackMessage(
      sampleAlert({ findings: [{ id: 'CVE-1', severity: 'CRITICAL', title: '<script> & <b>' }] }),
    );

    // Assess
    expect(sections(message)[1]?.text?.text).toContain('_&lt;script&gt; &amp; &lt;b&gt;_');
  });

  it('cuts a header at 150 characters', () => {
    // Prepare
    const event = {
      ...taggedScanEvent(),
      repositoryName: 'r'.repeat(256),
      imageTags: ['t'.repeat(300)],
    };

    // Act
    const message = renderSlackMessage(sampleAlert({ event }));

    // Assess
    const header = message.blocks[0];
    expect(header?.type === 'header' && header.text.text.length).toBe(SLACK_LIMITS.headerText);
    expect(slackLimitViolations(message)).toEqual([]);
  });

  it('stays within every Slack limit whatever the alert holds', () => {
    const text = fc.string({ maxLength: 6_000, unit: 'binary' });
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 256 }),
        fc.array(fc.string({ minLength: 1, maxLength: 300 }), { maxLength: 30 }),
        fc.array(
          fc.record({
            id: fc.string({ minLength: 1, maxLength: 6_000 }),
            title: text,
            packageName: text,
            link: fc.webUrl(),
          }),
          { minLength: 1, maxLength: 15 },
        ),
        fc.string({ minLength: 1, maxLength: 3_000 }),
        (repositoryName, imageTags, raw, team) => {
          const event = { ...taggedScanEvent(), repositoryName, imageTags };
          const findings = raw.map((f) => ({ ...f, severity: 'CRITICAL' as const }));
          const message = renderSlackMessage(sampleAlert({ event, findings, team }));
          expect(slackLimitViolations(message)).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
