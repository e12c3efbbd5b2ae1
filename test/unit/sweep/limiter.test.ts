import { describe, expect, it } from 'vitest';
import { createLimiter } from '#lib/sweep/index.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('Function: createLimiter', () => {
  it('runs at most limit tasks at a time', async () => {
    // Prepare
    const limiter = createLimiter(3);
    let running = 0;
    let most = 0;
    const task = async (): Promise<void> => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
    };

    // Act
    await Promise.all(Array.from({ length: 20 }, () => limiter.run(task)));

    // Assess
    expect(most).toBe(3);
    expect(limiter.active).toBe(0);
  });

  it('starts waiting tasks in the order they came', async () => {
    // Prepare
    const limiter = createLimiter(1);
    const gate = deferred();
    const order: number[] = [];
    const first = limiter.run(() => gate.promise);

    // Act
    const rest = [1, 2, 3].map((n) => limiter.run(async () => order.push(n)));
    expect(limiter.waiting).toBe(3);
    gate.resolve();
    await Promise.all([first, ...rest]);

    // Assess
    expect(order).toEqual([1, 2, 3]);
  });

  it('frees the slot of a task that fails, and passes the failure on', async () => {
    // Prepare
    const limiter = createLimiter(1);

    // Act
    const failed = limiter.run(() => Promise.reject(new Error('boom')));
    const next = limiter.run(async () => 'next');

    // Assess
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    expect(limiter.active).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the limit %s', (limit) => {
    expect(() => createLimiter(limit)).toThrow(RangeError);
  });
});
