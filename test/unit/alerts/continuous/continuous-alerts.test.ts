import { describe, expect, it } from 'vitest';
import { parseAnyAlertMessage } from '#lib/alerts/any-alert.ts';
import { groupedAlert } from '#lib/alerts/continuous/build-team-alert.ts';
import { gatherFindingWindow } from '#lib/alerts/continuous/finding-window.ts';
import { type AlertedImage, planFanIn } from '#lib/alerts/continuous/plan-fan-in.ts';
import { imageUsageOf, usageText } from '#lib/alerts/image-usage.ts';
import { snsTeamAlertMessage } from '#lib/alerts/team-alert-message.ts';
import { type FindingChangedEvent, normalizeEvent } from '#lib/events/index.ts';
import { renderSlackMessage, slackLimitViolations } from '#lib/slack/index.ts';
import { STORM_CVE, stormEvent, stormImages } from '../../../../harness/finding-storm.ts';
import { loadEventFixture, withField } from '../../../../harness/fixtures.ts';

const SAMPLE = loadEventFixture(
  'inspector2-finding-ecr-package-vulnerability-openssl.aws-inspector-docs.json',
);

function findingEvent(raw: unknown): FindingChangedEvent {
  const event = normalizeEvent(raw);
  if (event.kind !== 'finding-changed') throw new Error(`not a finding: ${event.kind}`);
  return event;
}

function alertedImages(count: number, team = 'payments'): AlertedImage[] {
  const images = gatherFindingWindow(
    stormImages(count, [team]).map((image, i) => ({
      event: findingEvent(stormEvent(image)),
      recordId: `r-${i}`,
    })),
  );
  return images.map((image) => ({
    image,
    team,
    usage: undefined,
    findings: [...image.active.values()],
    newKeys: [...image.active.keys()].sort(),
    kind: 'new' as const,
    generation: 1,
  }));
}

describe('Function: normalizeEvent, Inspector2 Finding', () => {
  it('reads the real sample into a finding-changed event with its CVE, status, scores and image', () => {
    // Act
    const event = findingEvent(SAMPLE);

    // Assess
    expect(event).toMatchObject({
      vulnerabilityId: STORM_CVE,
      status: 'ACTIVE',
      severity: 'MEDIUM',
      epssScore: 0.00045,
      fixAvailable: 'YES',
      exploitAvailable: 'NO',
      account: '123456789012',
      repositoryName: 'inspector2',
      imageTags: ['ubuntu_latest'],
    });
  });

  it('ignores a finding on an EC2 instance, saying why', () => {
    // Prepare
    const ec2 = withField(SAMPLE, ['detail', 'resources', 0, 'type'], 'AWS_EC2_INSTANCE');

    // Act
    const event = normalizeEvent(ec2);

    // Assess
    expect(event).toMatchObject({
      kind: 'ignored',
      reason: 'Inspector2 Finding on AWS_EC2_INSTANCE is not acted on (only ECR images are)',
    });
  });

  it("reads the delegated administrator's copy as the member's finding", () => {
    // Prepare
    const copy = withField(SAMPLE, ['account'], '210987654321');

    // Act
    const event = findingEvent(copy);

    // Assess
    expect(event).toMatchObject({ account: '123456789012', deliveredTo: '210987654321' });
  });

  it('refuses a finding whose image is in another account than awsAccountId', () => {
    // Prepare
    const wrong = withField(SAMPLE, ['detail', 'awsAccountId'], '210987654321');

    // Act & Assess
    expect(() => normalizeEvent(wrong)).toThrow(
      /registry: 123456789012 is not detail.awsAccountId/,
    );
  });
});

describe('Function: gatherFindingWindow', () => {
  it("collapses the member's and the delegated administrator's copies into one finding", () => {
    // Prepare
    const member = findingEvent(SAMPLE);
    const admin = findingEvent(withField(SAMPLE, ['account'], '210987654321'));

    // Act
    const images = gatherFindingWindow([
      { event: member, recordId: 'a' },
      { event: admin, recordId: 'b' },
    ]);

    // Assess
    expect(images).toHaveLength(1);
    expect([...(images[0]?.active.keys() ?? [])]).toEqual([
      'CVE-2024-6119 libssl3t64',
      'CVE-2024-6119 openssl',
    ]);
    expect([...(images[0]?.recordIds ?? [])]).toEqual(['a', 'b']);
  });

  it('keeps the last change of a finding in the window: closed after active is closed', () => {
    // Prepare
    const opened = findingEvent(SAMPLE);
    const closed = findingEvent(
      withField(
        withField(SAMPLE, ['detail', 'status'], 'CLOSED'),
        ['detail', 'updatedAt'],
        'Wed Sep 04 17:55:38.411 UTC 2024',
      ),
    );

    // Act
    const [image] = gatherFindingWindow([
      { event: closed, recordId: 'b' },
      { event: opened, recordId: 'a' },
    ]);

    // Assess
    expect(image?.active.size).toBe(0);
    expect(image?.closed.size).toBe(2);
  });
});

describe('Function: planFanIn', () => {
  it('groups one finding on more than groupAbove images of a team into one fan-in', () => {
    // Act
    const plan = planFanIn(alertedImages(6), 5);

    // Assess
    expect(plan.fanIns).toHaveLength(1);
    expect(plan.fanIns[0]).toMatchObject({ team: 'payments', id: STORM_CVE });
    expect(plan.fanIns[0]?.images).toHaveLength(6);
    expect(plan.images).toEqual([]);
  });

  it('sends one message per image at groupAbove images or fewer', () => {
    // Act
    const plan = planFanIn(alertedImages(5), 5);

    // Assess
    expect(plan.fanIns).toEqual([]);
    expect(plan.images).toHaveLength(5);
  });
});

describe('Function: imageUsageOf', () => {
  it.each([
    [{ inUseCount: 2 }, 'in use'],
    [{ lastInUseAt: '2026-03-20T00:00:00Z' }, 'in use'],
    [{ lastInUseAt: '2026-01-01T00:00:00Z', inUseCount: 0 }, 'not pulled for 100 days'],
  ])('reads %j as %s', (fields, text) => {
    // Act
    const usage = imageUsageOf(fields, new Date('2026-04-11T00:00:00Z'));

    // Assess
    expect(usageText(usage)).toBe(text);
  });
});

describe('Function: groupedAlert, as published and posted', () => {
  it('lists the first 20 images, counts the others, and stays within Slack limits', () => {
    // Prepare
    const [fanIn] = planFanIn(alertedImages(45), 5).fanIns;
    if (fanIn === undefined) throw new Error('no fan-in');

    // Act
    const alert = groupedAlert(fanIn, { minSeverity: 'MEDIUM' });
    const { message } = snsTeamAlertMessage(alert);
    const slack = renderSlackMessage(parseAnyAlertMessage(message.body));

    // Assess
    expect(alert).toMatchObject({ kind: 'grouped', imageCount: 45, omittedImages: 25 });
    expect(alert.images).toHaveLength(20);
    expect(message.attributes).toMatchObject({ kind: 'grouped', team: 'payments' });
    expect(message.subject).toBe(`[MEDIUM] ${STORM_CVE} on 45 images (payments)`);
    expect(slackLimitViolations(slack)).toEqual([]);
    expect(JSON.stringify(slack)).toContain('…and 25 more images');
  });

  it('cuts listed images to fit a size limit, counting them', () => {
    // Prepare
    const [fanIn] = planFanIn(alertedImages(20), 5).fanIns;
    if (fanIn === undefined) throw new Error('no fan-in');
    const alert = groupedAlert(fanIn, { minSeverity: 'MEDIUM' });

    // Act
    const { alert: cut, message } = snsTeamAlertMessage(alert, 4_000);

    // Assess
    expect(message.sizeBytes).toBeLessThanOrEqual(4_000);
    expect(cut.images.length + cut.omittedImages).toBe(20);
    expect(cut.omittedImages).toBeGreaterThan(0);
  });
});
