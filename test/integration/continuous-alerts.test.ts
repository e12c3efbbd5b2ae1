/**
 * Continuous scanning through report-findings' finding-queue handler, on the emulator: 100
 * `Inspector2 Finding` events for one CVE across 100 images of 5 teams (derived from the real
 * sample, harness/finding-storm.ts), the dedupe table, the alerts topic delivering to SQS.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TeamAlertSchema } from '#lib/alerts/team-alert-schema.ts';
import {
  createAlertingResources,
  drainQueue,
  TABLE_NAME,
  topicArn,
} from '../../harness/alerting-arrange.ts';
import { type AwsProxy, startAwsProxy } from '../../harness/aws-proxy.ts';
import { arrangeClient, createRepository, useAwsEnvironment } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import {
  STORM_CVE,
  STORM_REGION,
  sqsBatchOf,
  stormEvent,
  stormImages,
} from '../../harness/finding-storm.ts';
import { lambdaContext } from '../../harness/lambda-context.ts';

const TEAMS = ['checkout', 'identity', 'payments', 'search', 'storefront'];
const IMAGES = stormImages(100, TEAMS);

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

interface Notification {
  Subject?: string;
  Message: string;
  MessageAttributes?: Record<string, { Value: string }>;
}

describe('Function: report-findings, finding queue (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let ecr: ECRClient;
  let handler: Handler;
  let queueUrl: string;
  const invoke = async (events: unknown[], prefix: string): Promise<SQSBatchResponse> =>
    (await handler(
      sqsBatchOf(events, prefix),
      lambdaContext('ecr-guard-report-findings'),
    )) as SQSBatchResponse;
  const notifications = async (): Promise<Notification[]> =>
    (await drainQueue(endpoint, STORM_REGION, queueUrl)) as unknown as Notification[];

  beforeAll(async () => {
    await resetEmulator(endpoint);
    proxy = await startAwsProxy({ target: endpoint });
    // The sample is MEDIUM: the standard alerts from MEDIUM up.
    const dir = mkdtempSync(join(tmpdir(), 'ecr-guard-continuous-'));
    const config = join(dir, 'ecr-guard.yml');
    writeFileSync(config, 'alerts:\n  minSeverity: MEDIUM\n');
    useAwsEnvironment(proxy.endpoint, STORM_REGION, {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ALERTS_TOPIC_ARN: topicArn(STORM_REGION),
      DEDUPE_TABLE_NAME: TABLE_NAME,
      ECR_GUARD_CONFIG: config,
    });
    ecr = arrangeClient(endpoint, STORM_REGION);
    for (const image of IMAGES) {
      await createRepository(ecr, image.repositoryName, { tags: { team: image.team } });
    }
    ({ queueUrl } = await createAlertingResources(endpoint, STORM_REGION));
    ({ handler } = (await import('#functions/report-findings.ts')) as { handler: Handler });
  }, 120_000);

  afterAll(async () => {
    ecr.destroy();
    await proxy.close();
  });

  it('sends at most one message per team for one CVE on 100 images, naming the CVE and the image count; the same batch again sends nothing; closing sends one resolved message per team', async () => {
    // Act: the storm
    const storm = IMAGES.map((image) => stormEvent(image));
    const first = await invoke(storm, 'open');
    const opened = await notifications();

    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(opened).toHaveLength(TEAMS.length);
    const grouped = opened.map((n) => TeamAlertSchema.parse(JSON.parse(n.Message)));
    expect(grouped.map((alert) => alert.team).sort()).toEqual(TEAMS);
    for (const [i, alert] of grouped.entries()) {
      expect(alert).toMatchObject({ kind: 'grouped', imageCount: 20, finding: { id: STORM_CVE } });
      expect(alert.images).toHaveLength(20);
      expect(opened[i]?.Subject).toContain(STORM_CVE);
      expect(opened[i]?.Subject).toContain('20 images');
      expect(opened[i]?.MessageAttributes?.kind?.Value).toBe('grouped');
    }

    // Act: the same batch again (a redelivery)
    const again = await invoke(storm, 'again');

    // Assess
    expect(again.batchItemFailures).toEqual([]);
    expect(await notifications()).toEqual([]);

    // Act: Inspector closes every finding
    const closing = IMAGES.map((image) => stormEvent(image, 'CLOSED'));
    const closed = await invoke(closing, 'close');
    const resolved = await notifications();

    // Assess
    expect(closed.batchItemFailures).toEqual([]);
    expect(resolved).toHaveLength(TEAMS.length);
    const notes = resolved.map((n) => TeamAlertSchema.parse(JSON.parse(n.Message)));
    expect(notes.map((alert) => alert.team).sort()).toEqual(TEAMS);
    for (const [i, note] of notes.entries()) {
      expect(note).toMatchObject({ kind: 'resolved', imageCount: 20, resolvedIds: [STORM_CVE] });
      expect(resolved[i]?.MessageAttributes?.kind?.Value).toBe('resolved');
    }

    // Act: the closing batch again
    await invoke(closing, 'close-again');

    // Assess
    expect(await notifications()).toEqual([]);
  }, 120_000);
});
