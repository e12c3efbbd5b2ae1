/**
 * Fault suite — bad input. Every real sample event, mutated by fast-check (fields removed,
 * types changed, strings truncated, huge values, unknown detail-types), fed to the handlers as
 * Lambda would: enforce-repository and report-findings (EventBridge events), sweep-worker
 * (SQS batches of sweep messages) and notify-slack (SNS records of alerts). Each invocation
 * must end without an unhandled exception and without any AWS write (counted on the proxy),
 * and when the input is refused, a log line must say why, naming the field at fault.
 *
 * No repository exists on the emulator: a mutation that leaves a valid event costs reads only.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EnforceRepositoryResponse } from '#functions/enforce-repository.ts';
import type { NotifySlackResponse } from '#functions/notify-slack.ts';
import type { ReportFindingsResponse } from '#functions/report-findings.ts';
import {
  ACCOUNT,
  createAlertingResources,
  createWebhookSecret,
  TABLE_NAME,
  topicArn,
} from '../../../harness/alerting-arrange.ts';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../../harness/aws-proxy.ts';
import { useAwsEnvironment } from '../../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../../harness/emulator.ts';
import { listEventFixtures, loadEventBridgeFixture } from '../../../harness/fixtures.ts';
import { lambdaContext } from '../../../harness/lambda-context.ts';
import { type SlackReceiver, startSlackReceiver } from '../../../harness/slack-receiver.ts';
import { snsLambdaEventOf } from '../../../harness/sns-lambda-event.ts';
import { captureLogs, type LogEntry } from '../../support/capture-logs.ts';
import {
  checkProperty,
  describeMutation,
  type FieldPath,
  formatFieldPath,
  type MutatedSample,
  mutatedSample,
} from '../../support/event-mutations.ts';
import { sampleAlert } from '../../support/sample-alerts.ts';

const REGION = 'us-east-1';
/** Runs per handler: enough to meet every sample and mutation kind, small enough to stay fast. */
const RUNS = 300;
const SEED = 20_261_129;

type Handler<R> = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<R>;

/** Every real sample, as EventBridge delivers it. */
const SAMPLES = listEventFixtures().map((name) => ({
  name,
  event: loadEventBridgeFixture(name, { id: `0e1f2a3b-0000-4000-8000-${'0'.repeat(12)}` }),
}));

interface Invocation<R> {
  result?: R;
  error?: unknown;
  entries: LogEntry[];
  writes: string[];
  calls: string[];
}

/**
 * Does `issue` (`detail.image-tags[0]: …`) name one of the fields a mutation touched: its own
 * path is that field, one of its parents or children — or, for a check across fields
 * (`detail.awsRegion: us-west-2 is not the event's region us-west-`), its message names it?
 */
function namesAField(issue: string, touched: readonly FieldPath[]): boolean {
  const separator = issue.indexOf(': ');
  // lib/events writes `image-tags[0]`, lib/alerts `findings.1`: compare them one way.
  const dotted = (text: string): string => text.replace(/\[(\d+)\]/g, '.$1');
  const issuePath = dotted(separator < 0 ? issue : issue.slice(0, separator));
  const message = separator < 0 ? '' : issue.slice(separator + 2);
  return touched.some((path) => {
    const field = dotted(formatFieldPath(path));
    const related =
      issuePath === field ||
      issuePath === 'event' ||
      field.startsWith(`${issuePath}.`) ||
      issuePath.startsWith(`${field}.`);
    const key = path.at(-1);
    return related || (typeof key === 'string' && message.includes(key));
  });
}

/** Whether one of `touched` is `field` or one of its parents. */
function touches(touched: readonly FieldPath[], field: FieldPath): boolean {
  return touched.some((path) => path.every((segment, i) => segment === field[i]));
}

describe('Fault: malformed and mutated input', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let slack: SlackReceiver;
  const handlers: {
    enforce?: Handler<EnforceRepositoryResponse>;
    report?: Handler<ReportFindingsResponse>;
    worker?: Handler<unknown>;
    notify?: Handler<NotifySlackResponse>;
  } = {};

  async function invoke<R>(
    handler: Handler<R>,
    event: unknown,
    name: string,
  ): Promise<Invocation<R>> {
    proxy.clear();
    const logs = captureLogs();
    const invocation: Invocation<R> = { entries: [], writes: [], calls: [] };
    try {
      invocation.result = await handler(event, lambdaContext(name));
    } catch (error) {
      invocation.error = error;
    } finally {
      logs.restore();
    }
    invocation.entries = logs.entries();
    invocation.calls = proxy.operations();
    invocation.writes = invocation.calls.filter(isWriteOperation);
    return invocation;
  }

  beforeAll(async () => {
    await resetEmulator(endpoint);
    proxy = await startAwsProxy({ target: endpoint });
    slack = await startSlackReceiver();
    await createAlertingResources(endpoint, REGION);
    const secretArn = await createWebhookSecret(endpoint, REGION, {
      default: `${slack.url}/services/T000/B000/badinputsecret`,
    });
    useAwsEnvironment(proxy.endpoint, REGION, {
      POWERTOOLS_LOG_LEVEL: 'INFO',
      ALERTS_TOPIC_ARN: topicArn(REGION),
      DEDUPE_TABLE_NAME: TABLE_NAME,
      SLACK_WEBHOOKS_SECRET_ARN: secretArn,
    });
    handlers.enforce = (
      (await import('#functions/enforce-repository.ts')) as {
        handler: Handler<EnforceRepositoryResponse>;
      }
    ).handler;
    handlers.report = (
      (await import('#functions/report-findings.ts')) as {
        handler: Handler<ReportFindingsResponse>;
      }
    ).handler;
    handlers.worker = (
      (await import('#functions/sweep-worker.ts')) as {
        handler: Handler<unknown>;
      }
    ).handler;
    handlers.notify = (
      (await import('#functions/notify-slack.ts')) as {
        handler: Handler<NotifySlackResponse>;
      }
    ).handler;
  });

  afterAll(async () => {
    await slack.close();
    await proxy.close();
  });

  /** The checks every EventBridge handler must pass on a mutated sample. */
  function expectHandledEventBridge(
    sample: MutatedSample,
    invocation: Invocation<{ outcome: string; reason?: string }>,
  ): void {
    const what = `${sample.name}: ${sample.mutations.map(describeMutation).join(', ')}`;
    expect(invocation.error, what).toBeUndefined();
    expect(invocation.writes, what).toEqual([]);
    const result = invocation.result;
    if (result?.outcome === 'rejected') {
      expect(invocation.calls, what).toEqual([]);
      const dropped = invocation.entries.find((e) => e.message === 'invalid event dropped');
      expect(dropped, what).toMatchObject({ level: 'WARN', reason: result.reason });
      const issues = (dropped?.issues ?? []) as string[];
      const touched = sample.mutations.map((m) => m.path);
      expect(
        issues.some((issue) => namesAField(issue, touched)),
        `${what} → ${issues.join(' | ')}`,
      ).toBe(true);
    } else if (result?.outcome === 'ignored') {
      const ignored = invocation.entries.find((e) => e.message === 'event ignored');
      expect(ignored?.reason, what).toEqual(expect.any(String));
    }
  }

  it(`enforce-repository: ${RUNS} mutated samples, no crash, no write, the reason logged`, async () => {
    const handler = handlers.enforce;
    if (handler === undefined) throw new Error('not loaded');
    const outcomes = new Map<string, number>();
    await checkProperty(
      mutatedSample(SAMPLES, ['detail-type']),
      async (sample) => {
        const invocation = await invoke(handler, sample.event, 'ecr-guard-enforce-repository');
        const outcome = invocation.result?.outcome ?? 'threw';
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        expectHandledEventBridge(sample, invocation);
      },
      { numRuns: RUNS, seed: SEED },
    );
    process.stdout.write(
      `enforce-repository outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}\n`,
    );
  });

  it(`report-findings: ${RUNS} mutated samples, no crash, no write, the reason logged`, async () => {
    const handler = handlers.report;
    if (handler === undefined) throw new Error('not loaded');
    const outcomes = new Map<string, number>();
    await checkProperty(
      mutatedSample(SAMPLES, ['detail-type']),
      async (sample) => {
        const invocation = await invoke(handler, sample.event, 'ecr-guard-report-findings');
        const outcome = invocation.result?.outcome ?? 'threw';
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        expectHandledEventBridge(sample, invocation);
      },
      { numRuns: RUNS, seed: SEED },
    );
    process.stdout.write(
      `report-findings outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}\n`,
    );
  });

  /** The SQS event Lambda hands sweep-worker: one record, `body` as given. */
  function sqsEvent(body: string): Record<string, unknown> {
    return {
      Records: [
        {
          messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
          receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
          body,
          attributes: {
            ApproximateReceiveCount: '1',
            SentTimestamp: '1545082649183',
            SenderId: 'AIDAIENQZJOLO23YVJ4VO',
            ApproximateFirstReceiveTimestamp: '1545082649185',
          },
          messageAttributes: {},
          md5OfBody: '098f6bcd4621d373cade4e832627b4f6',
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:ecr-guard-sweep`,
          awsRegion: REGION,
        },
      ],
    };
  }

  it(`sweep-worker: ${RUNS} mutated SQS batches and sweep messages, no crash, no write, nothing retried`, async () => {
    const handler = handlers.worker;
    if (handler === undefined) throw new Error('not loaded');
    const message = {
      version: 1,
      runId: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      account: ACCOUNT,
      region: REGION,
      mode: 'enforce',
    };
    // Either the message inside the body is mutated, or the SQS event around it.
    const inputs = fc.oneof(
      mutatedSample([{ name: 'sweep message', event: message }]).map((sample) => ({
        ...sample,
        layer: 'body' as const,
        event: sqsEvent(JSON.stringify(sample.event)),
      })),
      mutatedSample([{ name: 'SQS event', event: sqsEvent(JSON.stringify(message)) }]).map(
        (sample) => ({ ...sample, layer: 'event' as const }),
      ),
    );
    await checkProperty(
      inputs,
      async (sample) => {
        const what = `${sample.layer}: ${sample.mutations.map(describeMutation).join(', ')}`;
        const invocation = await invoke(handler, sample.event, 'ecr-guard-sweep-worker');
        expect(invocation.error, what).toBeUndefined();
        expect(invocation.writes, what).toEqual([]);
        // Nothing is retried: a bad message cannot get better, and a good one swept nothing.
        expect(invocation.result, what).toEqual({ batchItemFailures: [] });
        const dropped = invocation.entries.find((e) => String(e.message).includes('dropped'));
        if (dropped === undefined) {
          // Still a valid batch of sweep messages: each was swept, and said so.
          const records = (sample.event as { Records?: unknown[] }).Records ?? [];
          expect(
            invocation.entries.filter((e) => String(e.message).startsWith('sweep of ')),
            what,
          ).toHaveLength(records.length);
          return;
        }
        expect(invocation.calls, what).toEqual([]);
        const touched = sample.mutations.map((m) => m.path);
        // A body that is no sweep message at all is named as the body.
        const bodyTouched = sample.layer === 'event' && touches(touched, ['Records', 0, 'body']);
        const reasons =
          typeof dropped.reason === 'string'
            ? dropped.reason.split('; ')
            : ((dropped.issues ?? []) as { path: (string | number)[]; message: string }[]).map(
                (issue) => `${formatFieldPath(issue.path) || 'event'}: ${issue.message}`,
              );
        expect(
          reasons.some(
            (reason) =>
              namesAField(reason, touched) ||
              (bodyTouched && (reason === 'the body is not JSON' || reason.startsWith('body: '))),
          ),
          `${what} → ${reasons.join(' | ')}`,
        ).toBe(true);
      },
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`notify-slack: ${RUNS} mutated SNS records and alerts, no crash, no write but an alert's post record, only alerts posted`, async () => {
    const handler = handlers.notify;
    if (handler === undefined) throw new Error('not loaded');
    const event = snsLambdaEventOf(sampleAlert({ team: 'payments' })) as {
      Records: [{ Sns: { Message: string } }];
    };
    const alert = JSON.parse(event.Records[0].Sns.Message) as unknown;
    // Either the alert inside the SNS message is mutated, or the SNS event around it.
    const inputs = fc.oneof(
      mutatedSample([{ name: 'alert', event: alert }]).map((sample) => {
        const mutated = structuredClone(event);
        mutated.Records[0].Sns.Message = JSON.stringify(sample.event) ?? '';
        return { ...sample, layer: 'alert' as const, event: mutated };
      }),
      mutatedSample([{ name: 'SNS event', event }]).map((sample) => ({
        ...sample,
        layer: 'event' as const,
      })),
    );
    await checkProperty(
      inputs,
      async (sample) => {
        const what = `${sample.layer}: ${sample.mutations.map(describeMutation).join(', ')}`;
        slack.clear();
        const invocation = await invoke(handler, sample.event, 'ecr-guard-notify-slack');
        expect(invocation.error, what).toBeUndefined();
        const result = invocation.result;
        // The one write is the record of an alert's post (the dedupe table), only for alerts.
        expect(
          invocation.writes.filter((w) => w !== 'dynamodb:PutItem'),
          what,
        ).toEqual([]);
        if ((result?.results ?? []).length === 0) expect(invocation.writes, what).toEqual([]);
        const delivered = (result?.results ?? []).filter((r) => r.outcome === 'delivered');
        expect(slack.posts, what).toHaveLength(delivered.length);
        // Whatever an alert carries, what reaches Slack stays within Block Kit's limits.
        expect(
          slack.posts.flatMap((p) => p.violations),
          what,
        ).toEqual([]);
        const dropped = invocation.entries.filter(
          (e) => e.message === 'SNS record dropped: not an ecr-guard alert',
        );
        expect(dropped, what).toHaveLength(result?.rejected ?? 0);
        for (const entry of dropped) {
          const issues = (entry.issues ?? []) as string[];
          const touched = sample.mutations.map((m) => m.path);
          // A message that is no alert at all is named as the message.
          const messageTouched =
            sample.layer === 'event' && touches(touched, ['Records', 0, 'Sns', 'Message']);
          expect(
            issues.some(
              (issue) =>
                namesAField(issue, touched) || (messageTouched && /^message: /.test(issue)),
            ),
            `${what} → ${issues.join(' | ')}`,
          ).toBe(true);
        }
      },
      { numRuns: RUNS, seed: SEED },
    );
  });
});
