import { describe, expect, it } from 'vitest';
import { onceOnlySweepQueue, type SweepMessageSent, sweepSentKey } from '#lib/app/index.ts';
import type { DeliveryLedger, LedgerClaim } from '#lib/delivery/delivery-ledger.ts';
import type { QueuedSweepMessage, SweepQueue } from '#lib/sweep/index.ts';

/** The ledger's contract in memory: a confirmed record is delivered; a released one is not. */
function memoryLedger(): DeliveryLedger<SweepMessageSent> & {
  delivered: Set<string>;
  leased: Set<string>;
} {
  const delivered = new Set<string>();
  const leased = new Set<string>();
  return {
    delivered,
    leased,
    async claim({ key, plan }): Promise<LedgerClaim<SweepMessageSent>> {
      const before = delivered.has(key)
        ? {
            state: { sent: true as const },
            generation: 1,
            deliveredAt: undefined,
            firstDeliveredAt: undefined,
          }
        : undefined;
      const target = plan(before);
      if (target === undefined) return { outcome: 'nothing-new', delivered: before };
      leased.add(key);
      return {
        outcome: 'claimed',
        delivered: before,
        target,
        lease: {
          generation: 1,
          tookOver: false,
          expiresAt: Number.MAX_SAFE_INTEGER,
          async confirm() {
            leased.delete(key);
            delivered.add(key);
            return 'confirmed';
          },
          async release() {
            leased.delete(key);
          },
        },
      };
    },
  };
}

/** A queue that keeps what it took, and refuses the batches `refuse` names (by call). */
function recordingQueue(refuse: (call: number) => boolean = () => false): SweepQueue & {
  taken: QueuedSweepMessage[];
} {
  const taken: QueuedSweepMessage[] = [];
  let calls = 0;
  return {
    taken,
    async send(messages) {
      calls += 1;
      if (refuse(calls)) throw new Error('SQS refused the batch');
      taken.push(...messages);
    },
  };
}

function messages(count: number): QueuedSweepMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    body: `{"n":${i}}`,
    deduplicationId: `id-${i}`,
    delaySeconds: Math.floor(i / 10),
  }));
}

describe('Function: onceOnlySweepQueue', () => {
  it('sends every message and records each once SQS took it', async () => {
    // Prepare
    const ledger = memoryLedger();
    const sqs = recordingQueue();

    // Act
    await onceOnlySweepQueue(sqs, ledger).send(messages(25));

    // Assess
    expect(sqs.taken).toHaveLength(25);
    expect(sqs.taken[24]).toEqual({ body: '{"n":24}', deduplicationId: 'id-24', delaySeconds: 2 });
    expect(ledger.delivered.size).toBe(25);
    expect(ledger.delivered.has(sweepSentKey('id-0'))).toBe(true);
  });

  it('a retried send after SQS refused one batch sends that batch only, nothing twice', async () => {
    // Prepare: of 13 messages, the second batch (3) is refused the first time.
    const ledger = memoryLedger();
    const sqs = recordingQueue((call) => call === 2);
    const queue = onceOnlySweepQueue(sqs, ledger);

    // Act
    const first = await queue.send(messages(13)).catch((error: unknown) => error);
    await queue.send(messages(13));

    // Assess
    expect(first).toMatchObject({ message: 'SQS refused the batch' });
    expect(sqs.taken.map((m) => m.deduplicationId).sort()).toEqual(
      messages(13)
        .map((m) => m.deduplicationId)
        .sort(),
    );
    expect(ledger.leased.size).toBe(0);
  });

  it('sends nothing for messages already sent, e.g. a whole retried enqueue', async () => {
    // Prepare
    const ledger = memoryLedger();
    const sqs = recordingQueue();
    const queue = onceOnlySweepQueue(sqs, ledger);
    await queue.send(messages(250));

    // Act
    await queue.send(messages(250));

    // Assess
    expect(sqs.taken).toHaveLength(250);
  });

  it('gives every claim back and sends nothing of a group when the ledger fails', async () => {
    // Prepare
    const ledger = memoryLedger();
    const failing: DeliveryLedger<SweepMessageSent> = {
      claim: (request) =>
        request.key === sweepSentKey('id-3')
          ? Promise.reject(new Error('DynamoDB is down'))
          : ledger.claim(request),
    };
    const sqs = recordingQueue();

    // Act
    const sent = onceOnlySweepQueue(sqs, failing).send(messages(10));

    // Assess
    await expect(sent).rejects.toThrow('DynamoDB is down');
    expect(sqs.taken).toEqual([]);
    expect(ledger.leased.size).toBe(0);
  });
});
