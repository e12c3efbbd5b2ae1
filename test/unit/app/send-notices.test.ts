import { describe, expect, it } from 'vitest';
import { type NoticeSending, sendNotices } from '#lib/app/send-notices.ts';
import type { ClaimRequest, DeliveryLedger, LedgerClaim } from '#lib/delivery/index.ts';
import type { RepositoryReport } from '#lib/enforcement/index.ts';
import {
  NoticeDeliveryError,
  type NoticeState,
  type ParkedNotice,
  type SnsNoticeMessage,
} from '#lib/notices/index.ts';
import { renderNoticeSlackMessage } from '#lib/slack/render-notice-slack.ts';
import { DEFAULT_STANDARD, type Standard } from '#lib/standard/index.ts';

const NOW = new Date('2026-12-01T12:00:00.000Z');

/** The ledger as the table behaves, in memory: a record per key, set when confirmed. */
class MemoryLedger implements DeliveryLedger<NoticeState> {
  readonly records = new Map<string, NoticeState>();
  readonly events: string[] = [];
  async claim(request: ClaimRequest<NoticeState>): Promise<LedgerClaim<NoticeState>> {
    const state = this.records.get(request.key);
    const delivered =
      state === undefined
        ? undefined
        : { state, generation: 1, deliveredAt: undefined, firstDeliveredAt: undefined };
    const target = request.plan(delivered);
    if (target === undefined) return { outcome: 'nothing-new', delivered };
    return {
      outcome: 'claimed',
      delivered,
      target,
      lease: {
        generation: 1,
        tookOver: false,
        expiresAt: 0,
        confirm: async () => {
          this.events.push(`confirm ${request.key}`);
          this.records.set(request.key, target);
          return 'confirmed';
        },
        release: async () => {
          this.events.push(`release ${request.key}`);
        },
      },
    };
  }
}

function report(repositoryName: string, team?: string): RepositoryReport {
  return {
    account: '123456789012',
    region: 'eu-west-1',
    repositoryName,
    outcome: 'checked',
    scope: 'default',
    ...(team === undefined ? {} : { team }),
    controls: [
      {
        control: 'immutability',
        status: 'remediated',
        writes: [
          {
            action: 'ecr:PutImageTagMutability',
            repositoryName,
            imageTagMutability: 'IMMUTABLE',
            exclusionFilters: [],
          },
        ],
      },
      { control: 'lifecycle', status: 'compliant', writes: [] },
    ],
    ignoredExemptions: [],
    state: {
      repositoryName,
      repositoryArn: '',
      imageTagMutability: 'MUTABLE',
      exclusionFilters: [],
      scanOnPush: true,
      encryptionType: 'AES256',
    },
  };
}

function setup(publish: (message: SnsNoticeMessage) => Promise<string>, parking = true) {
  const ledger = new MemoryLedger();
  const parked: ParkedNotice[] = [];
  const published: SnsNoticeMessage[] = [];
  const sending: NoticeSending = {
    mode: 'send',
    ledger,
    publisher: {
      publish: async (message) => {
        published.push(message);
        return publish(message);
      },
    },
    ...(parking ? { parking: { park: async (p: ParkedNotice) => void parked.push(p) } } : {}),
  };
  return { ledger, parked, published, sending };
}

const deps = (sending: NoticeSending, standard: Standard = DEFAULT_STANDARD) => ({
  standard,
  sending,
  now: () => NOW,
  renderSlack: renderNoticeSlackMessage,
});
const EVENT = { origin: 'event' as const, originId: 'event-1' };

describe('Function: sendNotices', () => {
  it('publishes one notice per team, with kind=notice, and records each repository', async () => {
    // Prepare
    const { ledger, published, sending } = setup(async () => 'message-1');

    // Act
    const outcomes = await sendNotices(
      [
        report('pay-api', 'payments'),
        report('pay-web', 'payments'),
        report('search-api', 'search'),
      ],
      { origin: 'sweep', originId: 'run-1' },
      deps(sending),
    );

    // Assess
    expect(outcomes.map((o) => [o.team, o.outcome, o.repositories])).toEqual([
      ['payments', 'published', ['pay-api', 'pay-web']],
      ['search', 'published', ['search-api']],
    ]);
    expect(published.map((m) => m.attributes)).toEqual([
      { kind: 'notice', team: 'payments', account: '123456789012', repository: '(several)' },
      { kind: 'notice', team: 'search', account: '123456789012', repository: 'search-api' },
    ]);
    expect(ledger.records.size).toBe(3);
  });

  it('lists the first 20 repositories of a team and counts the others', async () => {
    // Prepare
    const { published, sending } = setup(async () => 'message-1');
    const reports = Array.from({ length: 23 }, (_, i) => report(`app-${i}`, 'payments'));

    // Act
    const [outcome] = await sendNotices(
      reports,
      { origin: 'sweep', originId: 'run-1' },
      deps(sending),
    );

    // Assess
    expect(outcome?.notice?.repositories).toHaveLength(20);
    expect(outcome?.notice?.omittedRepositories).toBe(3);
    expect(JSON.stringify(outcome?.slack)).toContain('and 3 more repositories');
    expect(published[0]?.subject).toBe(
      'ecr-guard changed 23 repositories of payments (immutability)',
    );
  });

  it('sends a repository without a team tag to the default route (unowned)', async () => {
    // Prepare
    const { sending } = setup(async () => 'message-1');

    // Act
    const [outcome] = await sendNotices([report('orphan')], EVENT, deps(sending));

    // Assess
    expect(outcome?.team).toBe('unowned');
  });

  it('parks a notice it cannot publish, gives the records back, and writes nothing again', async () => {
    // Prepare
    const { ledger, parked, sending } = setup(async () => {
      throw new Error('sns:Publish failed: throttled');
    });

    // Act
    const [outcome] = await sendNotices([report('pay-api', 'payments')], EVENT, deps(sending));

    // Assess
    expect(outcome).toMatchObject({ outcome: 'parked', reason: 'sns:Publish failed: throttled' });
    expect(parked).toEqual([
      expect.objectContaining({
        kind: 'notice',
        notice: expect.objectContaining({ team: 'payments' }),
      }),
    ]);
    expect(ledger.events).toEqual(['release notice#123456789012#eu-west-1#pay-api']);
    expect(ledger.records.size).toBe(0);
  });

  it('throws NoticeDeliveryError when a notice can be neither published nor parked', async () => {
    // Prepare
    const { sending } = setup(async () => {
      throw new Error('sns down');
    }, false);

    // Act / Assess
    await expect(
      sendNotices([report('pay-api', 'payments')], EVENT, deps(sending)),
    ).rejects.toBeInstanceOf(NoticeDeliveryError);
  });

  it('announces a change once, however often the same event is handed to it', async () => {
    // Prepare
    const { published, sending } = setup(async () => 'message-1');

    // Act
    await sendNotices([report('pay-api', 'payments')], EVENT, deps(sending));
    const [again] = await sendNotices([report('pay-api', 'payments')], EVENT, deps(sending));

    // Assess
    expect(again?.outcome).toBe('duplicate');
    expect(published).toHaveLength(1);
  });

  it('returns the notice, its SNS subject and attributes and its Slack payload in a dry run, and sends nothing', async () => {
    // Act
    const [outcome] = await sendNotices(
      [report('pay-api', 'payments')],
      EVENT,
      deps({ mode: 'dry-run' }),
    );

    // Assess
    expect(outcome).toMatchObject({
      team: 'payments',
      outcome: 'planned',
      sns: { subject: 'ecr-guard changed pay-api (immutability)', attributes: { kind: 'notice' } },
      slack: { text: 'ecr-guard changed pay-api (immutability)', blocks: expect.any(Array) },
    });
  });

  it('sends nothing when notices.enabled is false', async () => {
    // Prepare
    const { published, sending } = setup(async () => 'message-1');
    const standard = {
      ...DEFAULT_STANDARD,
      notices: { ...DEFAULT_STANDARD.notices, enabled: false },
    };

    // Act
    const outcomes = await sendNotices(
      [report('pay-api', 'payments')],
      EVENT,
      deps(sending, standard),
    );

    // Assess
    expect(outcomes).toEqual([]);
    expect(published).toEqual([]);
  });

  it('sends nothing for a report without writes (a dry run plans, it does not change)', async () => {
    // Prepare
    const { published, sending } = setup(async () => 'message-1');
    const planned = report('pay-api', 'payments');
    planned.controls = planned.controls.map((c) => ({
      ...c,
      status: c.status === 'remediated' ? 'planned' : c.status,
    }));

    // Act
    const outcomes = await sendNotices([planned], EVENT, deps(sending));

    // Assess
    expect(outcomes).toEqual([]);
    expect(published).toEqual([]);
  });
});
