import { describe, expect, it } from 'vitest';
import {
  parseRetryAfter,
  postToSlack,
  SlackDeliveryError,
  type SlackMessage,
  type SlackPostOptions,
} from '#lib/slack/index.ts';

const URL = 'https://hooks.slack.com/services/T000/B000/secretpart';
const MESSAGE: SlackMessage = { text: 'alert', blocks: [{ type: 'divider' }] };

type Answer = { status: number; headers?: Record<string, string>; body?: string } | Error;

/** A connection that was never made: nothing was sent. */
function refused(message = 'fetch failed'): Error {
  return new TypeError(message, {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
  });
}

/** A scripted Slack, and a fake clock that records every wait instead of waiting. */
function fakeSlack(answers: Answer[]) {
  const requests: { url: string; body: unknown }[] = [];
  const waits: number[] = [];
  let now = Date.parse('2026-11-29T12:00:00Z');
  const options: SlackPostOptions = {
    fetch: async (url, init) => {
      requests.push({ url: String(url), body: JSON.parse(String(init?.body)) });
      const answer = answers.shift() ?? { status: 200, body: 'ok' };
      if (answer instanceof Error) throw answer;
      return new Response(answer.body ?? '', {
        status: answer.status,
        headers: answer.headers ?? {},
      });
    },
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
    now: () => now,
    random: () => 0.5,
  };
  return { options, requests, waits };
}

describe('Function: postToSlack', () => {
  it('posts the message once when Slack takes it', async () => {
    // Prepare
    const slack = fakeSlack([{ status: 200, body: 'ok' }]);

    // Act
    const outcome = await postToSlack(URL, MESSAGE, 'payments', slack.options);

    // Assess
    expect(outcome).toEqual({ status: 'delivered', attempts: 1 });
    expect(slack.requests).toEqual([{ url: URL, body: MESSAGE }]);
    expect(slack.waits).toEqual([]);
  });

  it('waits Retry-After on a 429, then retries', async () => {
    // Prepare
    const slack = fakeSlack([
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 200, body: 'ok' },
    ]);

    // Act
    const outcome = await postToSlack(URL, MESSAGE, 'payments', slack.options);

    // Assess
    expect(outcome).toEqual({ status: 'delivered', attempts: 2 });
    expect(slack.waits).toEqual([1_000]);
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    // Prepare
    const slack = fakeSlack([
      { status: 429, headers: { 'retry-after': 'Sun, 29 Nov 2026 12:00:03 GMT' } },
      { status: 200 },
    ]);

    // Act
    await postToSlack(URL, MESSAGE, 'payments', slack.options);

    // Assess
    expect(slack.waits).toEqual([3_000]);
  });

  it('does not wait longer than the bound: it returns the wait, for the message to be handed back', async () => {
    // Prepare
    const slack = fakeSlack([{ status: 429, headers: { 'retry-after': '120' } }]);

    // Act
    const outcome = await postToSlack(URL, MESSAGE, 'payments', {
      ...slack.options,
      maxRetryAfterMs: 10_000,
    });

    // Assess
    expect(outcome).toEqual({ status: 'rate-limited', retryAfterMs: 120_000, attempts: 1 });
    expect(slack.waits).toEqual([]);
  });

  it('hands back a Retry-After that would not end within the time budget', async () => {
    // Prepare
    const slack = fakeSlack([{ status: 429, headers: { 'retry-after': '8' } }]);

    // Act
    const outcome = await postToSlack(URL, MESSAGE, 'payments', {
      ...slack.options,
      budgetMs: 10_000,
      timeoutMs: 5_000,
    });

    // Assess
    expect(outcome).toMatchObject({ status: 'rate-limited', retryAfterMs: 8_000 });
    expect(slack.requests).toHaveLength(1);
  });

  it('backs off exponentially on 5xx, then throws after the last attempt', async () => {
    // Prepare
    const slack = fakeSlack([{ status: 500 }, { status: 502 }, { status: 503 }, { status: 500 }]);

    // Act
    const posting = postToSlack(URL, MESSAGE, 'payments', {
      ...slack.options,
      maxAttempts: 4,
      backoffBaseMs: 500,
      backoffMaxMs: 4_000,
    });

    // Assess (equal jitter with random 0.5: three quarters of 500, 1,000, 2,000)
    await expect(posting).rejects.toMatchObject({
      name: 'SlackDeliveryError',
      attempts: 4,
      httpStatus: 500,
      route: 'payments',
    });
    expect(slack.requests).toHaveLength(4);
    expect(slack.waits).toEqual([375, 750, 1_500]);
  });

  it('caps the backoff', async () => {
    // Prepare
    const slack = fakeSlack([
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 200 },
    ]);

    // Act
    await postToSlack(URL, MESSAGE, 'payments', {
      ...slack.options,
      maxAttempts: 5,
      backoffBaseMs: 1_000,
      backoffMaxMs: 2_000,
    });

    // Assess
    expect(slack.waits).toEqual([750, 1_500, 1_500, 1_500]);
  });

  it('retries a connection that was never made, and recovers', async () => {
    // Prepare
    const slack = fakeSlack([refused(), { status: 200 }]);

    // Act
    const outcome = await postToSlack(URL, MESSAGE, 'payments', slack.options);

    // Assess
    expect(outcome).toEqual({ status: 'delivered', attempts: 2 });
    expect(slack.waits).toHaveLength(1);
  });

  it('returns a 410 (revoked webhook) at once, without retrying', async () => {
    // Prepare
    const slack = fakeSlack([{ status: 410, body: 'no_service' }]);

    // Act
    const outcome = await postToSlack(URL, MESSAGE, 'payments', slack.options);

    // Assess
    expect(outcome).toEqual({
      status: 'rejected',
      httpStatus: 410,
      body: 'no_service',
      attempts: 1,
    });
    expect(slack.requests).toHaveLength(1);
  });

  it('never puts the webhook URL in an error', async () => {
    // Prepare: a network error that quotes the URL, as some HTTP clients do
    const slack = fakeSlack(Array.from({ length: 4 }, () => refused(`request to ${URL} failed`)));

    // Act
    const error = await postToSlack(URL, MESSAGE, 'payments', slack.options).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(error).toBeInstanceOf(SlackDeliveryError);
    const everything = JSON.stringify(error, Object.getOwnPropertyNames(error)) + String(error);
    expect(everything).not.toContain('secretpart');
    expect(everything).not.toContain('/services/T000');
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('does not post again what was sent and not answered: it may have arrived', async () => {
    // Prepare: the request went out, the answer never came (a reset, a timeout).
    const slack = fakeSlack([
      new TypeError(`request to ${URL} failed, reason: socket hang up`),
      { status: 200 },
    ]);

    // Act
    const outcome = await postToSlack(URL, MESSAGE, 'payments', slack.options);

    // Assess
    expect(outcome).toMatchObject({ status: 'unconfirmed', attempts: 1 });
    expect(outcome.status === 'unconfirmed' && outcome.reason).not.toContain('secretpart');
    expect(slack.requests).toHaveLength(1);
  });

  it('takes a 2xx status as delivery, without waiting for a body that never ends', async () => {
    // Prepare
    const requests: unknown[] = [];
    const options: SlackPostOptions = {
      fetch: async (_url, init) => {
        requests.push(init?.body);
        const body = new ReadableStream({ start: () => undefined });
        return new Response(body, { status: 200 });
      },
      timeoutMs: 200,
    };

    // Act
    const outcome = await postToSlack(URL, MESSAGE, 'payments', options);

    // Assess
    expect(outcome).toEqual({ status: 'delivered', attempts: 1 });
    expect(requests).toHaveLength(1);
  });

  it('reads a refusal’s reason for at most bodyReadMs', async () => {
    // Prepare
    const options: SlackPostOptions = {
      fetch: async () =>
        new Response(new ReadableStream({ start: () => undefined }), { status: 403 }),
      bodyReadMs: 20,
    };

    // Act
    const outcome = await postToSlack(URL, MESSAGE, 'payments', options);

    // Assess
    expect(outcome).toEqual({ status: 'rejected', httpStatus: 403, body: '', attempts: 1 });
  });

  it('stays within its time budget: no attempt that could end after it', async () => {
    // Prepare
    const slack = fakeSlack(Array.from({ length: 10 }, () => ({ status: 503 })));

    // Act
    const posting = postToSlack(URL, MESSAGE, 'payments', {
      ...slack.options,
      maxAttempts: 10,
      budgetMs: 7_000,
      timeoutMs: 5_000,
      backoffBaseMs: 1_000,
    });

    // Assess: 750 ms of backoff and a 5 s attempt fit in 7 s; 750 + 1,500 + 5,000 do not.
    await expect(posting).rejects.toMatchObject({ name: 'SlackDeliveryError', attempts: 2 });
    expect(slack.requests).toHaveLength(2);
  });

  it('scrubs the URL from a rejection body', async () => {
    // Prepare
    const slack = fakeSlack([{ status: 404, body: `no such webhook ${URL}` }]);

    // Act
    const outcome = await postToSlack(URL, MESSAGE, 'payments', slack.options);

    // Assess
    expect(outcome.status === 'rejected' && outcome.body).not.toContain('secretpart');
  });
});

describe('Function: parseRetryAfter', () => {
  it.each([
    ['1', 1_000],
    ['30', 30_000],
    ['', undefined],
    ['soon', undefined],
  ])('reads %j as %s ms', (header, expected) => {
    expect(parseRetryAfter(header, 0)).toBe(expected);
  });
});
