/**
 * Arranges, on the emulator, what the alerting path works against: an image with scan
 * results, the alerts topic with an SQS and an HTTP subscription, the dedupe table, the Slack
 * webhook secret. Every name matches what the functions are configured with in the tests.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  BatchDeleteImageCommand,
  type ECRClient,
  PutImageCommand,
  StartImageScanCommand,
} from '@aws-sdk/client-ecr';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { TEST_CREDENTIALS } from './ecr-arrange.ts';

export const ACCOUNT = '123456789012';
export const TOPIC_NAME = 'ecr-guard-alerts';
export const TABLE_NAME = 'ecr-guard-alert-dedupe';

export function topicArn(region: string): string {
  return `arn:aws:sns:${region}:${ACCOUNT}:${TOPIC_NAME}`;
}

function clientConfig(endpoint: string, region: string) {
  return { endpoint, region, credentials: TEST_CREDENTIALS };
}

/**
 * Pushes an image (a manifest of one layer; moto derives the digest from the layer digests,
 * so `seed` picks the digest) and returns its digest.
 */
export async function pushImage(
  ecr: ECRClient,
  repositoryName: string,
  options: { tag: string; seed?: string },
): Promise<string> {
  const layer = createHash('sha256')
    .update(options.seed ?? repositoryName)
    .digest('hex');
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 1,
      digest: `sha256:${createHash('sha256').update(`config-${layer}`).digest('hex')}`,
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: 1,
        digest: `sha256:${layer}`,
      },
    ],
  });
  const out = await ecr.send(
    new PutImageCommand({ repositoryName, imageManifest: manifest, imageTag: options.tag }),
  );
  const digest = out.image?.imageId?.imageDigest;
  if (digest === undefined) throw new Error('PutImage returned no digest');
  return digest;
}

/**
 * Completes a scan of an image with the given DescribeImageScanFindings response. Moto
 * answers ScanNotFoundException until StartImageScan, allows one scan per image and day, and
 * keeps the first result an image is read with: a second scan of the same digest deletes and
 * re-pushes the image (same manifest, same digest, fresh scan state) first.
 */
export async function completeScan(
  endpoint: string,
  ecr: ECRClient,
  options: {
    region: string;
    repositoryName: string;
    imageDigest: string;
    response: Record<string, unknown>;
    rescan?: { tag: string; seed?: string };
  },
): Promise<void> {
  const { repositoryName, imageDigest } = options;
  if (options.rescan !== undefined) {
    await ecr.send(new BatchDeleteImageCommand({ repositoryName, imageIds: [{ imageDigest }] }));
    const again = await pushImage(ecr, repositoryName, options.rescan);
    if (again !== imageDigest) throw new Error('re-push gave another digest');
  }
  await ecr.send(new StartImageScanCommand({ repositoryName, imageId: { imageDigest } }));
  const answer = await fetch(new URL('/moto-api/static/ecr/scan-finding-results', endpoint), {
    method: 'POST',
    body: JSON.stringify({
      region: options.region,
      account_id: ACCOUNT,
      results: [options.response],
    }),
  });
  if (!answer.ok) throw new Error(`setting scan results failed: HTTP ${answer.status}`);
}

/** Queues inspector2 ListFindings results: moto answers each new request with the next one. */
export async function queueInspectorFindings(
  endpoint: string,
  region: string,
  pages: Record<string, unknown>[][],
): Promise<void> {
  const answer = await fetch(new URL('/moto-api/static/inspector2/findings-results', endpoint), {
    method: 'POST',
    body: JSON.stringify({ region, account_id: ACCOUNT, results: pages }),
  });
  if (!answer.ok) throw new Error(`setting inspector2 findings failed: HTTP ${answer.status}`);
}

/** A loopback HTTP endpoint that records SNS notifications (moto posts them synchronously). */
export interface NotificationReceiver {
  readonly url: string;
  readonly notifications: Record<string, unknown>[];
  /** Called for each notification before answering; its promise delays the answer. */
  onNotification?: (notification: Record<string, unknown>) => Promise<void>;
  close(): Promise<void>;
}

export async function startNotificationReceiver(): Promise<NotificationReceiver> {
  const notifications: Record<string, unknown>[] = [];
  const receiver: NotificationReceiver = {
    url: '',
    notifications,
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      notifications.push(body);
      await receiver.onNotification?.(body);
      res.writeHead(200);
      res.end('ok');
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/sns`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/**
 * Creates the alerts topic, an SQS queue subscribed to it, an HTTP subscription (when given)
 * and the dedupe table with TTL on `expiresAt`.
 */
export async function createAlertingResources(
  endpoint: string,
  region: string,
  options: { httpEndpoint?: string } = {},
): Promise<{ queueUrl: string }> {
  const sns = new SNSClient(clientConfig(endpoint, region));
  const sqs = new SQSClient(clientConfig(endpoint, region));
  const dynamodb = new DynamoDBClient(clientConfig(endpoint, region));
  try {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: TOPIC_NAME }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'alerts-subscriber' }));
    if (QueueUrl === undefined || TopicArn === undefined) throw new Error('no topic or queue');
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }),
    );
    if (options.httpEndpoint !== undefined) {
      await sns.send(
        new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: options.httpEndpoint }),
      );
    }
    await dynamodb.send(
      new CreateTableCommand({
        TableName: TABLE_NAME,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: TABLE_NAME,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );
    return { queueUrl: QueueUrl };
  } finally {
    sns.destroy();
    sqs.destroy();
    dynamodb.destroy();
  }
}

/** Every SNS notification waiting in the queue (the SNS JSON envelope, parsed). */
export async function drainQueue(
  endpoint: string,
  region: string,
  queueUrl: string,
): Promise<Record<string, unknown>[]> {
  const sqs = new SQSClient(clientConfig(endpoint, region));
  try {
    const all: Record<string, unknown>[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
        }),
      );
      if (Messages.length === 0) return all;
      for (const message of Messages) all.push(JSON.parse(message.Body ?? '{}'));
    }
  } finally {
    sqs.destroy();
  }
}

/** Stores the team → webhook map; returns the secret's ARN. */
export async function createWebhookSecret(
  endpoint: string,
  region: string,
  routes: Record<string, string>,
): Promise<string> {
  const secrets = new SecretsManagerClient(clientConfig(endpoint, region));
  try {
    const { ARN } = await secrets.send(
      new CreateSecretCommand({
        Name: 'ecr-guard/slack-webhooks',
        SecretString: JSON.stringify(routes),
      }),
    );
    if (ARN === undefined) throw new Error('CreateSecret returned no ARN');
    return ARN;
  } finally {
    secrets.destroy();
  }
}
