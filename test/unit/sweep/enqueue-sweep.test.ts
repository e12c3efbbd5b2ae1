import { describe, expect, it } from 'vitest';
import {
  enqueueSweep,
  FAN_OUT_PER_SECOND,
  type QueuedSweepMessage,
  type SweepTarget,
  sweepMessageDeduplicationId,
} from '#lib/sweep/index.ts';

function recordingQueue(): {
  sent: QueuedSweepMessage[];
  send: (m: readonly QueuedSweepMessage[]) => Promise<void>;
} {
  const sent: QueuedSweepMessage[] = [];
  return {
    sent,
    async send(messages) {
      sent.push(...messages);
    },
  };
}

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const TARGETS: SweepTarget[] = ACCOUNTS.flatMap((account) =>
  ['eu-west-1', 'us-east-1'].map((region) => ({ account, region })),
);

describe('Function: enqueueSweep', () => {
  it('sends one message per account and region, region by region, so an account is not swept twice at once', async () => {
    // Prepare
    const queue = recordingQueue();

    // Act
    await enqueueSweep({ runId: 'run-1', mode: 'enforce', targets: TARGETS }, { queue });

    // Assess
    const order = queue.sent.map((m) => {
      const body = JSON.parse(m.body) as { account: string; region: string };
      return `${body.region}/${body.account}`;
    });
    expect(order).toEqual([
      'eu-west-1/111111111111',
      'eu-west-1/222222222222',
      'eu-west-1/333333333333',
      'us-east-1/111111111111',
      'us-east-1/222222222222',
      'us-east-1/333333333333',
    ]);
    expect(JSON.parse(queue.sent[0]?.body ?? '')).toEqual({
      version: 1,
      runId: 'run-1',
      account: '111111111111',
      region: 'eu-west-1',
      mode: 'enforce',
    });
  });

  it('spreads the messages at the fan-out rate with DelaySeconds', async () => {
    // Prepare
    const queue = recordingQueue();

    // Act
    await enqueueSweep(
      { runId: 'run-1', mode: 'audit', targets: TARGETS, perSecond: 2 },
      { queue },
    );

    // Assess
    expect(queue.sent.map((m) => m.delaySeconds)).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('delays no message by more than the 15 minutes SQS allows', async () => {
    // Prepare
    const queue = recordingQueue();
    const targets = Array.from({ length: 20 }, (_, i) => ({
      account: String(100_000_000_000 + i),
      region: 'eu-west-1',
    }));

    // Act
    await enqueueSweep({ runId: 'run-1', mode: 'enforce', targets, perSecond: 0.02 }, { queue });

    // Assess: one message every 50 s, until the 19th and 20th, both at the 900 s cap.
    const delays = queue.sent.map((m) => m.delaySeconds);
    expect(delays.slice(0, 3)).toEqual([0, 50, 100]);
    expect(delays.slice(-3)).toEqual([850, 900, 900]);
  });

  it('starts ten account-regions a second by default', async () => {
    // Prepare
    const queue = recordingQueue();
    const targets = Array.from({ length: 25 }, (_, i) => ({
      account: String(100_000_000_000 + i),
      region: 'eu-west-1',
    }));

    // Act
    await enqueueSweep({ runId: 'run-1', mode: 'enforce', targets }, { queue });

    // Assess
    expect(FAN_OUT_PER_SECOND).toBe(10);
    expect(queue.sent.at(9)?.delaySeconds).toBe(0);
    expect(queue.sent.at(10)?.delaySeconds).toBe(1);
    expect(queue.sent.at(24)?.delaySeconds).toBe(2);
  });

  it('refuses a rate that is not positive', async () => {
    await expect(
      enqueueSweep(
        { runId: 'run-1', mode: 'enforce', targets: TARGETS, perSecond: 0 },
        { queue: recordingQueue() },
      ),
    ).rejects.toThrow(RangeError);
  });
});

describe('Function: sweepMessageDeduplicationId', () => {
  const message = {
    version: 1 as const,
    runId: 'run-1',
    account: '111111111111',
    region: 'eu-west-1',
    mode: 'enforce' as const,
  };

  it('is the same for every enqueue of one run, target and mode, and differs otherwise', async () => {
    // Prepare
    const first = recordingQueue();
    const again = recordingQueue();

    // Act
    await enqueueSweep({ runId: 'run-1', mode: 'enforce', targets: TARGETS }, { queue: first });
    await enqueueSweep({ runId: 'run-1', mode: 'enforce', targets: TARGETS }, { queue: again });

    // Assess
    const ids = first.sent.map((m) => m.deduplicationId);
    expect(again.sent.map((m) => m.deduplicationId)).toEqual(ids);
    expect(new Set(ids).size).toBe(TARGETS.length);
    expect(sweepMessageDeduplicationId(message)).toMatch(/^[0-9a-f]{64}$/);
    expect(sweepMessageDeduplicationId({ ...message, runId: 'run-2' })).not.toBe(
      sweepMessageDeduplicationId(message),
    );
    expect(sweepMessageDeduplicationId({ ...message, mode: 'audit' })).not.toBe(
      sweepMessageDeduplicationId(message),
    );
  });

  it('gives each continuation of a target its own id, by part and page', () => {
    // Act
    const start = sweepMessageDeduplicationId(message);
    const part2 = sweepMessageDeduplicationId({ ...message, part: 2, startToken: 'page@100' });
    const part3 = sweepMessageDeduplicationId({ ...message, part: 3, startToken: 'page@200' });

    // Assess
    expect(new Set([start, part2, part3]).size).toBe(3);
    expect(sweepMessageDeduplicationId({ ...message, part: 2, startToken: 'page@100' })).toBe(
      part2,
    );
  });
});
