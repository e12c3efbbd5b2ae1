/**
 * Wires {@link reportFindings} to AWS: the Lambda and the CLI build its dependencies here.
 *
 * @module
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECRClient } from '@aws-sdk/client-ecr';
import { SNSClient } from '@aws-sdk/client-sns';
import { closedFindingsLedger } from '#lib/alerts/continuous/closed-findings-ledger.ts';
import { DynamoDbAlertDedupe } from '#lib/alerts/dynamodb-alert-dedupe.ts';
import { AlertError } from '#lib/alerts/errors.ts';
import { parseTopicArn, SnsAlertPublisher } from '#lib/alerts/sns-alert-publisher.ts';
import type { ClientFactory } from '#lib/aws/index.ts';
import { EcrFactReader } from '#lib/controls/ecr-fact-reader.ts';
import { tagsFact } from '#lib/controls/facts/tags.ts';
import { parseRepositoryArn } from '#lib/events/repository-arn.ts';
import { readBasicScanFindings, readInspectorFindings } from '#lib/findings/index.ts';
import type { Standard } from '#lib/standard/index.ts';
import type { AlertFindingEventsDeps, FindingAlertDelivery } from './alert-finding-events.ts';
import type { ReportFindingsDeps } from './report-findings.ts';

/** Where alerts are published and deduplicated (the central account). */
export interface AlertingSettings {
  alertsTopicArn: string;
  dedupeTableName: string;
  dedupeTtlDays: number;
  /** Seconds a claim holds an image's record unconfirmed (default 30). */
  dedupeLeaseSeconds?: number;
  /** The region of the dedupe table: the function's own. */
  region: string;
}

export interface ReportFindingsDepsOptions {
  /** Acts in each event's account (reads) and in the topic's account (SNS, DynamoDB). */
  clients: ClientFactory;
  standard: Pick<Standard, 'alerts' | 'ownership'>;
  /** `undefined` is a dry run: nothing is read from or written to the table, nothing published. */
  alerting: AlertingSettings | undefined;
  now?: () => Date;
}

/**
 * Builds the dependencies of {@link reportFindings}. The topic and the table live in the
 * central account, the one in the topic's ARN: their clients are asked for that account, so
 * that a cross-account client factory uses the function's own role for them.
 *
 * @throws AlertError when `alertsTopicArn` is not an SNS topic ARN
 *
 * @example
 * ```ts
 * const deps = createReportFindingsDeps({ clients: createClientFactory(), standard, alerting });
 * await reportFindings(event, deps);
 * ```
 */
export function createReportFindingsDeps(options: ReportFindingsDepsOptions): ReportFindingsDeps {
  const { clients, standard, alerting } = options;
  return {
    minSeverity: standard.alerts.minSeverity,
    teamTagKey: standard.ownership.teamTagKey,
    sourceFor: (target) => ({
      readScan: (image, scanner) =>
        scanner === 'basic'
          ? readBasicScanFindings(clients.client(ECRClient, target), image)
          : inspectorClient().then((Inspector2Client) =>
              readInspectorFindings(clients.client(Inspector2Client, target), image),
            ),
      // A fact reader knows no control: the function bundles no enforcement code.
      listRepositoryTags: (repositoryArn) =>
        new EcrFactReader({
          client: clients.client(ECRClient, target),
          ...target,
        }).readRepositoryFact(tagsFact, {
          repositoryName: parseRepositoryArn(repositoryArn)?.repositoryName ?? repositoryArn,
          repositoryArn,
        }),
    }),
    delivery:
      alerting === undefined ? { dryRun: true } : deliveryOf(clients, alerting, options.now),
  };
}

/** Inspector's client class, loaded on first use: only enhanced scans read Inspector. */
async function inspectorClient(): Promise<
  typeof import('@aws-sdk/client-inspector2').Inspector2Client
> {
  return (await import('@aws-sdk/client-inspector2')).Inspector2Client;
}

/**
 * Builds the dependencies of {@link alertFindingEvents} (the finding queue's batches): the
 * same tag reads, dedupe table and topic as the scan alerts, and the closed-findings ledger.
 *
 * @throws AlertError when `alertsTopicArn` is not an SNS topic ARN
 *
 * @example
 * ```ts
 * const deps = createFindingEventsDeps({ clients, standard, alerting });
 * await alertFindingEvents(events, deps);
 * ```
 */
export function createFindingEventsDeps(
  options: ReportFindingsDepsOptions,
): AlertFindingEventsDeps {
  const { clients, standard, alerting } = options;
  const scanDeps = createReportFindingsDeps({ ...options, alerting: undefined });
  let delivery: FindingAlertDelivery = { dryRun: true };
  if (alerting !== undefined) {
    const scanDelivery = deliveryOf(clients, alerting, options.now);
    delivery = {
      ...scanDelivery,
      closed: closedFindingsLedger({
        client: clients.client(DynamoDBClient, scanDelivery.table),
        tableName: alerting.dedupeTableName,
        ttlDays: alerting.dedupeTtlDays,
        ...scanDelivery.table,
      }),
    };
  }
  return {
    minSeverity: standard.alerts.minSeverity,
    groupAbove: standard.alerts.groupAbove,
    teamTagKey: standard.ownership.teamTagKey,
    tagsIn: (target) => ({
      listRepositoryTags: (arn) => scanDeps.sourceFor(target).listRepositoryTags(arn),
    }),
    delivery,
    ...(options.now === undefined ? {} : { now: options.now }),
  };
}

function deliveryOf(
  clients: ClientFactory,
  alerting: AlertingSettings,
  now: (() => Date) | undefined,
): {
  dryRun: false;
  dedupe: DynamoDbAlertDedupe;
  publisher: SnsAlertPublisher;
  table: { account: string; region: string };
} {
  const topic = parseTopicArn(alerting.alertsTopicArn);
  if (topic === undefined) {
    throw new AlertError(`${alerting.alertsTopicArn} is not an SNS topic ARN`);
  }
  const table = { account: topic.account, region: alerting.region };
  return {
    dryRun: false,
    table,
    dedupe: new DynamoDbAlertDedupe({
      client: clients.client(DynamoDBClient, table),
      tableName: alerting.dedupeTableName,
      ttlDays: alerting.dedupeTtlDays,
      ...(alerting.dedupeLeaseSeconds === undefined
        ? {}
        : { leaseSeconds: alerting.dedupeLeaseSeconds }),
      ...table,
      ...(now === undefined ? {} : { now }),
    }),
    publisher: new SnsAlertPublisher({
      // Publish is not idempotent: never sent again after a timeout or a lost answer.
      client: clients.client(
        SNSClient,
        { account: topic.account, region: topic.region },
        'at-most-once',
      ),
      topicArn: alerting.alertsTopicArn,
    }),
  };
}
