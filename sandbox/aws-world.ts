/**
 * The sandbox's side of AWS: the two accounts on the emulator, the people acting in them, and
 * what AWS itself would do that moto does not (emit ECR and CloudTrail events, deliver a
 * member account's events to the central bus, fire a schedule, finish a scan).
 *
 * @module
 */
import { ECRClient, StartImageScanCommand } from '@aws-sdk/client-ecr';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { EventBridgeEvent } from './aws-events.ts';
import type { ScheduleTrigger } from './template-provisioner.ts';

/** moto's default credentials: they act in its default account, the central one. */
export const SANDBOX_CREDENTIALS: AwsCredentialIdentity = {
  accessKeyId: 'testing',
  secretAccessKey: 'testing',
};

/** Where an event was put: the bus, and the rules' account. */
export interface EmittedEvent {
  eventId: string;
  bus: string;
}

export interface SandboxWorld {
  readonly endpoint: string;
  readonly region: string;
  /** moto's default account, where the central stack is. */
  readonly central: string;
  /** The member account, reached through STS AssumeRole. */
  readonly member: string;
  readonly sqs: SQSClient;
  /** An ECR client acting in `account` (an administrator of that account). */
  ecr(account: string): ECRClient;
  /**
   * Puts an event where AWS would deliver it to ecr-guard: the central account's own events
   * on its default bus, a member account's on the central bus (what the member template's
   * forwarding rules do).
   */
  emit(event: EventBridgeEvent): Promise<EmittedEvent>;
  /** The account the sandbox emitted an event for, by event id. */
  accountOfEvent(eventId: string): string | undefined;
  /** Delivers a schedule's event to its function, as EventBridge does when it fires. */
  fire(schedule: ScheduleTrigger, event: EventBridgeEvent): Promise<void>;
  /**
   * Finishes an image scan with these results: StartImageScan, then the results moto will
   * answer DescribeImageScanFindings with (`/moto-api/static/ecr/scan-finding-results`).
   */
  completeScan(
    account: string,
    scan: { repositoryName: string; imageDigest: string; response: Record<string, unknown> },
  ): Promise<void>;
  destroy(): void;
}

export interface WorldOptions {
  endpoint: string;
  region: string;
  central: string;
  member: string;
  /** The central bus member accounts forward to (from the template). */
  centralBus: string;
}

/**
 * Connects to the emulator as the two accounts.
 *
 * @example
 * ```ts
 * const world = await createWorld({ endpoint, region: 'us-east-1', central: '123456789012', member: '222222222222', centralBus: 'ecr-guard' });
 * await world.emit(imagePushed({ account: world.member, … }));
 * ```
 */
export async function createWorld(options: WorldOptions): Promise<SandboxWorld> {
  const { endpoint, region, central, member } = options;
  const base = { endpoint, region, credentials: SANDBOX_CREDENTIALS };
  const sts = new STSClient(base);
  // How an administrator reaches a member account of an organization; moto files the
  // session's resources under the role's account.
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'sandbox-admin',
    }),
  );
  sts.destroy();
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) {
    throw new Error(`the emulator gave no credentials for account ${member}`);
  }
  const memberCredentials: AwsCredentialIdentity = {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken,
  };
  const ecrClients = new Map<string, ECRClient>([
    [central, new ECRClient(base)],
    [member, new ECRClient({ ...base, credentials: memberCredentials })],
  ]);
  const events = new EventBridgeClient(base);
  const sqs = new SQSClient(base);
  const origins = new Map<string, string>();

  function ecr(account: string): ECRClient {
    const client = ecrClients.get(account);
    if (client === undefined) throw new Error(`the sandbox has no account ${account}`);
    return client;
  }

  return {
    endpoint,
    region,
    central,
    member,
    sqs,
    ecr,
    async emit(event: EventBridgeEvent): Promise<EmittedEvent> {
      const bus = event.account === central ? 'default' : options.centralBus;
      const out = await events.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: bus,
              Source: event.source,
              DetailType: event['detail-type'],
              Detail: JSON.stringify(event.detail),
              Resources: event.resources,
              Time: new Date(event.time),
            },
          ],
        }),
      );
      const eventId = out.Entries?.[0]?.EventId;
      if (out.FailedEntryCount || eventId === undefined) {
        throw new Error(`PutEvents on ${bus} failed: ${JSON.stringify(out.Entries)}`);
      }
      origins.set(eventId, event.account);
      return { eventId, bus };
    },
    accountOfEvent: (eventId) => origins.get(eventId),
    async fire(schedule: ScheduleTrigger, event: EventBridgeEvent): Promise<void> {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: schedule.queue.url,
          MessageBody: JSON.stringify(event),
        }),
      );
    },
    async completeScan(account, scan): Promise<void> {
      await ecr(account).send(
        new StartImageScanCommand({
          repositoryName: scan.repositoryName,
          imageId: { imageDigest: scan.imageDigest },
        }),
      );
      const answer = await fetch(new URL('/moto-api/static/ecr/scan-finding-results', endpoint), {
        method: 'POST',
        body: JSON.stringify({ region, account_id: account, results: [scan.response] }),
      });
      if (!answer.ok) throw new Error(`setting the scan results failed: HTTP ${answer.status}`);
    },
    destroy(): void {
      for (const client of ecrClients.values()) client.destroy();
      events.destroy();
      sqs.destroy();
    },
  };
}
