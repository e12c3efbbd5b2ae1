/**
 * EventBridge rules recreated on the emulator, each with an SQS queue as its target, to see
 * which events a pattern lets through (moto delivers to SQS synchronously, during PutEvents).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { AwsCredentialIdentity } from '@smithy/types';
import { parse } from 'yaml';
import { TEST_CREDENTIALS } from '../../harness/ecr-arrange.ts';
import { SERVICE_DIR } from '../../harness/serverless-package.ts';

interface ServerlessPatterns {
  custom: {
    eventPatterns: Record<string, unknown>;
    centralAccountPatterns: Record<string, unknown>;
  };
}

function serverlessPatterns(): ServerlessPatterns {
  return parse(readFileSync(join(SERVICE_DIR, 'serverless.yml'), 'utf8')) as ServerlessPatterns;
}

/** The event patterns of serverless.yml (`custom.eventPatterns`), by trigger name. */
export function centralEventPatterns(): Record<string, unknown> {
  return serverlessPatterns().custom.eventPatterns;
}

/**
 * The patterns of the central account's own default bus (`custom.centralAccountPatterns`),
 * with the central roles' ARNs (`${self:custom.ownRoleArns}`, resolved by osls and
 * CloudFormation when deployed) given here.
 */
export function centralAccountEventPatterns(
  ownRoleArns: readonly string[],
): Record<string, unknown> {
  const text = JSON.stringify(serverlessPatterns().custom.centralAccountPatterns);
  return JSON.parse(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an osls variable, as serverless.yml spells it
    text.replaceAll('"${self:custom.ownRoleArns}"', JSON.stringify(ownRoleArns)),
  ) as Record<string, unknown>;
}

export interface RoutingOptions {
  endpoint: string;
  region: string;
  credentials?: AwsCredentialIdentity;
}

/** A bus with one rule per pattern, each delivering to its own queue. */
export interface RoutingBench {
  busName: string;
  /** Puts an EventBridge event (its source, detail-type and detail) on the bus. */
  put(event: unknown): Promise<void>;
  /** Which patterns received a message since the last call (the messages are consumed). */
  arrivals(): Promise<string[]>;
  /** The messages one pattern's queue received since the last call, parsed. */
  messages(pattern: string): Promise<Record<string, unknown>[]>;
  destroy(): void;
}

/** The fields of an EventBridge event PutEvents takes (its resources too: patterns match them). */
export function putEventsEntry(event: unknown, busName: string) {
  const e = event as {
    source: string;
    'detail-type': string;
    detail: unknown;
    resources?: string[];
  };
  return {
    EventBusName: busName,
    Source: e.source,
    DetailType: e['detail-type'],
    Detail: JSON.stringify(e.detail),
    ...(e.resources === undefined ? {} : { Resources: e.resources }),
  };
}

/**
 * Creates the bus (unless it is `default`), one queue and one rule per pattern.
 *
 * @example
 * ```ts
 * const bench = await createRoutingBench({ endpoint, region: 'us-east-1' }, 'ecr-guard', centralEventPatterns());
 * await bench.put(loadEventFixture('ecr-image-action-push-success.aws-docs.json'));
 * await bench.arrivals(); // ['imagePushed']
 * ```
 */
export async function createRoutingBench(
  options: RoutingOptions,
  busName: string,
  patterns: Readonly<Record<string, unknown>>,
): Promise<RoutingBench> {
  const config = {
    endpoint: options.endpoint,
    region: options.region,
    credentials: options.credentials ?? TEST_CREDENTIALS,
  };
  const events = new EventBridgeClient(config);
  const sqs = new SQSClient(config);
  if (busName !== 'default') await events.send(new CreateEventBusCommand({ Name: busName }));
  const queues = new Map<string, string>();
  for (const [name, pattern] of Object.entries(patterns)) {
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: `${busName}-${name}` }),
    );
    if (QueueUrl === undefined) throw new Error(`no queue URL for ${name}`);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await events.send(
      new PutRuleCommand({
        Name: `${busName}-${name}`,
        EventBusName: busName,
        EventPattern: JSON.stringify(pattern),
      }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: `${busName}-${name}`,
        EventBusName: busName,
        Targets: [{ Id: 'queue', Arn: Attributes?.QueueArn }],
      }),
    );
    queues.set(name, QueueUrl);
  }

  async function receive(queueUrl: string): Promise<Record<string, unknown>[]> {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    return Messages.map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
  }

  return {
    busName,
    async put(event: unknown): Promise<void> {
      const out = await events.send(
        new PutEventsCommand({ Entries: [putEventsEntry(event, busName)] }),
      );
      if (out.FailedEntryCount) throw new Error(`PutEvents failed: ${JSON.stringify(out.Entries)}`);
    },
    async arrivals(): Promise<string[]> {
      const arrived: string[] = [];
      for (const [name, url] of queues) {
        if ((await receive(url)).length > 0) arrived.push(name);
      }
      return arrived.sort();
    },
    async messages(pattern: string): Promise<Record<string, unknown>[]> {
      const url = queues.get(pattern);
      if (url === undefined) throw new Error(`no rule for ${pattern}`);
      return receive(url);
    },
    destroy(): void {
      events.destroy();
      sqs.destroy();
    },
  };
}
