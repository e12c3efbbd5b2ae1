import { describe, expect, it } from 'vitest';
import { type NotifySlackDeps, notifySlack } from '#lib/app/notify-slack.ts';
import type { ClaimRequest, DeliveryLedger, LedgerClaim } from '#lib/delivery/index.ts';
import { SlackDeliveryError, type SlackPostOutcome } from '#lib/slack/index.ts';
import type { ParkedAlert } from '#lib/slack/parked-alert.ts';
import type { SlackPostState } from '#lib/slack/slack-post-ledger.ts';
import { MAX_HAND_BACKS, type SlackRetryMessage } from '#lib/slack/slack-retry-message.ts';
import { sampleAlert } from '../../support/sample-alerts.ts';

/** The ledger as the table behaves, in memory: a record per key, set when confirmed. */
class MemoryLedger implements DeliveryLedger<SlackPostState> {
  readonly records = new Map<string, SlackPostState>();
  readonly events: string[] = [];
  async claim(request: ClaimRequest<SlackPostState>): Promise<LedgerClaim<SlackPostState>> {
    const state = this.records.get(request.key);
    const delivered =
      state === undefined
        ? undefined
        : {
            state,
            generation: 1,
            deliveredAt: '2026-11-29T12:00:00.000Z',
            firstDeliveredAt: undefined,
          };
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
        confirm: async (actual) => {
          this.events.push(`confirm ${actual?.outcome ?? target.outcome}`);
          this.records.set(request.key, actual ?? target);
          return 'confirmed';
        },
        release: async () => {
          this.events.push('release');
        },
      },
    };
  }
}

function setup(outcome: SlackPostOutcome | Error) {
  const ledger = new MemoryLedger();
  const parked: ParkedAlert[] = [];
  const handedBack: { message: SlackRetryMessage; delaySeconds: number }[] = [];
  let posts = 0;
  const deps: NotifySlackDeps = {
    webhooks: {
      webhookFor: async (team) => ({
        route: team,
        url: `https://hooks.slack.com/services/T/B/${team}`,
      }),
      knownUrls: () => [],
    },
    post: async () => {
      posts += 1;
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    ledger,
    parking: { park: async (p) => void parked.push(p) },
    retryQueue: {
      postLater: async (message, delaySeconds) => void handedBack.push({ message, delaySeconds }),
    },
    now: () => new Date('2026-11-29T12:00:00Z'),
  };
  const alert = { ...sampleAlert({ team: 'payments' }), generation: 2 };
  const delivery = { alert, messageId: 'sns-1', handBacks: 0, firstMessageId: 'sns-1' };
  return { deps, ledger, parked, handedBack, delivery, posts: () => posts };
}

describe('Function: notifySlack', () => {
  it('posts an alert version once: a second copy is a duplicate, not posted', async () => {
    // Prepare
    const { deps, delivery, posts, ledger } = setup({ status: 'delivered', attempts: 1 });

    // Act
    const first = await notifySlack(delivery, deps);
    const second = await notifySlack({ ...delivery, messageId: 'sns-2' }, deps);

    // Assess
    expect(first).toMatchObject({ outcome: 'delivered', team: 'payments', route: 'payments' });
    expect(second).toMatchObject({ outcome: 'duplicate', route: 'payments' });
    expect(posts()).toBe(1);
    expect(ledger.events).toEqual(['confirm posted']);
  });

  it('posts a new generation of the same fingerprint', async () => {
    // Prepare
    const { deps, delivery, posts } = setup({ status: 'delivered', attempts: 1 });

    // Act
    await notifySlack(delivery, deps);
    await notifySlack({ ...delivery, alert: { ...delivery.alert, generation: 3 } }, deps);

    // Assess
    expect(posts()).toBe(2);
  });

  it('records a post sent and never answered, so no retry posts it again', async () => {
    // Prepare
    const { deps, delivery, posts, ledger } = setup({
      status: 'unconfirmed',
      reason: 'timeout',
      attempts: 1,
    });

    // Act
    const first = await notifySlack(delivery, deps);
    const retried = await notifySlack(delivery, deps);

    // Assess
    expect(first).toMatchObject({ outcome: 'unconfirmed', reason: 'timeout' });
    expect(retried.outcome).toBe('duplicate');
    expect(posts()).toBe(1);
    expect(ledger.events).toEqual(['confirm unconfirmed']);
  });

  it('parks a refused alert with its team and route, and gives its claim back', async () => {
    // Prepare
    const { deps, delivery, parked, ledger } = setup({
      status: 'rejected',
      httpStatus: 410,
      body: 'channel_is_archived',
      attempts: 1,
    });

    // Act
    const result = await notifySlack(delivery, deps);

    // Assess
    expect(result).toMatchObject({ outcome: 'rejected', httpStatus: 410, parked: true });
    expect(parked).toEqual([
      expect.objectContaining({
        reason: 'slack-refused',
        team: 'payments',
        route: 'payments',
        httpStatus: 410,
        slackAnswer: 'channel_is_archived',
        messageId: 'sns-1',
        alert: delivery.alert,
        action: expect.stringContaining('route "payments"'),
      }),
    ]);
    expect(ledger.events).toEqual(['release']);
  });

  it('hands a long rate limit back with its delay', async () => {
    // Prepare
    const { deps, delivery, handedBack, ledger } = setup({
      status: 'rate-limited',
      retryAfterMs: 30_000,
      attempts: 1,
    });

    // Act
    const result = await notifySlack(delivery, deps);

    // Assess
    expect(result).toMatchObject({ outcome: 'deferred', retryAfterMs: 30_000, handBacks: 1 });
    expect(handedBack).toEqual([
      {
        delaySeconds: 30,
        message: {
          version: 1,
          kind: 'ecr-guard-slack-retry',
          alert: delivery.alert,
          handBacks: 1,
          firstMessageId: 'sns-1',
        },
      },
    ]);
    expect(ledger.events).toEqual(['release']);
  });

  it(`throws for a retry once an alert was handed back ${MAX_HAND_BACKS} times`, async () => {
    // Prepare
    const { deps, delivery, handedBack } = setup({
      status: 'rate-limited',
      retryAfterMs: 30_000,
      attempts: 1,
    });

    // Act / Assess
    await expect(
      notifySlack({ ...delivery, handBacks: MAX_HAND_BACKS }, deps),
    ).rejects.toBeInstanceOf(SlackDeliveryError);
    expect(handedBack).toEqual([]);
  });

  it('gives the claim back and throws when Slack stays unavailable', async () => {
    // Prepare
    const failure = new SlackDeliveryError({
      route: 'payments',
      attempts: 4,
      httpStatus: 503,
      reason: 'HTTP 503',
    });
    const { deps, delivery, ledger } = setup(failure);

    // Act / Assess
    await expect(notifySlack(delivery, deps)).rejects.toBe(failure);
    expect(ledger.events).toEqual(['release']);
    expect(ledger.records.size).toBe(0);
  });
});
