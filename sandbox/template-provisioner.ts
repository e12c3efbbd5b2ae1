/**
 * Creates on the emulator the resources the packaged CloudFormation template declares
 * (event buses, rules, queues, topics, tables, secrets), so the sandbox runs against the
 * same topology as a deployment, read from the template rather than written twice.
 *
 * Lambda is not emulated: every trigger of a function (an EventBridge rule's target, an SNS
 * subscription) gets instead an SQS queue standing in for the function, which the sandbox
 * reads to invoke the handler, as Lambda would. An SQS event source mapping is read from its
 * own queue. Scheduled rules are created without targets (see {@link ScheduleTrigger}).
 *
 * @module
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { AwsCredentialIdentity } from '@smithy/types';
import { createResolver, type Json, type PhysicalResource } from './cloudformation-intrinsics.ts';

interface CfnResource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  Properties?: Record<string, Json>;
}

/** The parts of a packaged template the provisioner reads. */
export interface CloudFormationTemplate {
  Parameters?: Record<string, { Default?: Json }>;
  Conditions?: Record<string, Json>;
  Resources: Record<string, CfnResource>;
}

export interface ProvisionTarget {
  endpoint: string;
  region: string;
  /** The account the stack is deployed in (the credentials' account on the emulator). */
  account: string;
  credentials: AwsCredentialIdentity;
}

/** A Lambda function of the template, as the sandbox runs it. */
export interface SandboxFunction {
  /** The handler's file name, e.g. `enforce-repository` (from `functions/enforce-repository.handler`). */
  name: string;
  logicalId: string;
  /** The deployed name, e.g. `ecr-guard-sandbox-enforce-repository`. */
  functionName: string;
  arn: string;
  /** The handler's source module, relative to the service folder: `functions/enforce-repository.ts`. */
  module: string;
  /** The handler's export: `handler`. */
  exportName: string;
  /** Its environment variables, every reference resolved. */
  environment: Record<string, string>;
  /** The name of its execution role (what its own CloudTrail calls are made as). */
  roleName: string | undefined;
  /** Its asynchronous invocations' on-failure destination (an SQS queue), if any. */
  onFailure: { url: string; arn: string } | undefined;
}

/** How a function is triggered, hence how its queue's messages become a Lambda event. */
export type TriggerKind = 'eventbridge' | 'sns' | 'sqs';

/** A queue the sandbox reads to invoke one function. */
export interface TriggerQueue {
  kind: TriggerKind;
  /** {@link SandboxFunction.name}. */
  function: string;
  url: string;
  arn: string;
  /** Records per invocation (an event source mapping's `BatchSize`; 1 otherwise). */
  batchSize: number;
  /** What feeds the queue: a rule's name, topic names, or the event source queue's name. */
  sources: string[];
  /** For a rule: the bus it is on. */
  bus?: string;
}

/**
 * A scheduled rule. It is created without a target: moto matches a rule without an event
 * pattern against every event put on its bus, so a target would receive them all. The
 * sandbox fires the schedule itself, into `queue`.
 */
export interface ScheduleTrigger {
  ruleName: string;
  ruleArn: string;
  expression: string;
  function: string;
  queue: TriggerQueue;
}

/** What the sandbox needs to know about what it created. */
export interface ProvisionedStack {
  functions: Map<string, SandboxFunction>;
  triggers: TriggerQueue[];
  schedules: ScheduleTrigger[];
  /** The template's event buses, by name, with their ARN. */
  eventBuses: Map<string, string>;
  /** The template's own queues (DLQs, failure destinations, work queues), by name, with their URL. */
  queues: Map<string, string>;
  /** How many resources of each type were created on the emulator. */
  created: Map<string, number>;
  /** Resources the sandbox does not create: how many of a type, and why. */
  skipped: { type: string; count: number; why: string }[];
}

/** Why a resource type is not created on the emulator. */
const NOT_EMULATED: Readonly<Record<string, string>> = {
  'AWS::Lambda::Function': 'the handlers run in this process',
  'AWS::Lambda::Version': 'the handlers run in this process',
  'AWS::Lambda::Permission': 'no Lambda to invoke',
  'AWS::Logs::LogGroup': 'logs go to this terminal (--verbose)',
  'AWS::IAM::Role': 'moto does not enforce IAM',
  'AWS::KMS::Key': 'encryption is not emulated',
  'AWS::KMS::Alias': 'encryption is not emulated',
  'AWS::CloudWatch::Alarm': 'the sandbox checks the failure queues itself',
  'AWS::SQS::QueuePolicy': 'moto does not enforce resource policies',
  'AWS::S3::Bucket': 'nothing is uploaded',
  'AWS::S3::BucketPolicy': 'nothing is uploaded',
};

/** The role name of an IAM role ARN (paths allowed). */
const ROLE_NAME = /:role\/(?:.*\/)?([^/]+)$/;

/**
 * Provisions the template's resources on the emulator.
 *
 * @example
 * ```ts
 * const stack = await provisionTemplate(template, { endpoint, region: 'us-east-1', account: '123456789012', credentials });
 * stack.triggers.map((t) => `${t.function} ← ${t.sources.join(', ')}`);
 * ```
 */
export async function provisionTemplate(
  template: CloudFormationTemplate,
  target: ProvisionTarget,
): Promise<ProvisionedStack> {
  const config = {
    endpoint: target.endpoint,
    region: target.region,
    credentials: target.credentials,
  };
  const sqs = new SQSClient(config);
  const sns = new SNSClient(config);
  const events = new EventBridgeClient(config);
  const dynamodb = new DynamoDBClient(config);
  const secrets = new SecretsManagerClient(config);
  const { account, region } = target;
  const partition = 'aws';

  const resources = template.Resources;
  const physical = new Map<string, PhysicalResource>();
  const parameters = Object.fromEntries(
    Object.entries(template.Parameters ?? {}).map(([name, p]) => [name, String(p.Default ?? '')]),
  );
  const resolver = createResolver({
    pseudo: {
      'AWS::AccountId': account,
      'AWS::Region': region,
      'AWS::Partition': partition,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': 'ecr-guard-sandbox',
      'AWS::StackId': `arn:${partition}:cloudformation:${region}:${account}:stack/ecr-guard-sandbox/sandbox`,
    },
    parameters,
    conditions: template.Conditions ?? {},
    physical,
  });

  const created = new Map<string, number>();
  const skipped = new Map<string, { type: string; count: number; why: string }>();
  const count = (type: string): void => {
    created.set(type, (created.get(type) ?? 0) + 1);
  };
  const skip = (type: string, why: string): void => {
    const key = `${type} ${why}`;
    const entry = skipped.get(key) ?? { type, count: 0, why };
    entry.count += 1;
    skipped.set(key, entry);
  };

  const ofType = (type: string): [string, Record<string, Json>][] =>
    Object.entries(resources)
      .filter(([, r]) => r.Type === type)
      .filter(([, r]) => {
        if (r.Condition === undefined || resolver.condition(r.Condition)) return true;
        skip(type, `condition ${r.Condition} is false`);
        return false;
      })
      .map(([id, r]) => [id, r.Properties ?? {}]);

  const nameOf = (props: Record<string, Json>, key: string, fallback: string): string => {
    const value = props[key];
    return value === undefined ? fallback : resolver.string(value, key);
  };

  // 1. What other resources refer to, but the emulator does not need: ARNs by convention.
  for (const [id, props] of ofType('AWS::IAM::Role')) {
    const name = nameOf(props, 'RoleName', id);
    physical.set(id, {
      ref: name,
      attributes: { Arn: `arn:${partition}:iam::${account}:role/${name}` },
    });
  }
  for (const [id, props] of ofType('AWS::Lambda::Function')) {
    const name = nameOf(props, 'FunctionName', id);
    physical.set(id, {
      ref: name,
      attributes: { Arn: `arn:${partition}:lambda:${region}:${account}:function:${name}` },
    });
  }
  for (const [id] of ofType('AWS::KMS::Key')) {
    const keyId = `00000000-0000-4000-8000-${id.toLowerCase().padEnd(12, '0').slice(0, 12)}`;
    physical.set(id, {
      ref: keyId,
      attributes: { Arn: `arn:${partition}:kms:${region}:${account}:key/${keyId}`, KeyId: keyId },
    });
  }

  // 2. Event buses.
  const eventBuses = new Map<string, string>();
  for (const [id, props] of ofType('AWS::Events::EventBus')) {
    const name = nameOf(props, 'Name', id);
    const out = await events.send(new CreateEventBusCommand({ Name: name }));
    const arn = out.EventBusArn ?? `arn:${partition}:events:${region}:${account}:event-bus/${name}`;
    physical.set(id, { ref: name, attributes: { Arn: arn, Name: name } });
    eventBuses.set(name, arn);
    count('AWS::Events::EventBus');
  }

  // 3. Queues: created first, their attributes set once every queue exists (redrive targets).
  const queues = new Map<string, string>();
  const createQueue = async (name: string): Promise<{ url: string; arn: string }> => {
    // A FIFO queue is one from its creation (its name ends in `.fifo`).
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        ...(name.endsWith('.fifo') ? { Attributes: { FifoQueue: 'true' } } : {}),
      }),
    );
    if (QueueUrl === undefined) throw new Error(`CreateQueue ${name} returned no URL`);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    return { url: QueueUrl, arn: Attributes?.QueueArn ?? '' };
  };
  const queueProps = ofType('AWS::SQS::Queue');
  for (const [id, props] of queueProps) {
    const name = nameOf(props, 'QueueName', `ecr-guard-sandbox-${id}`);
    const queue = await createQueue(name);
    physical.set(id, {
      ref: queue.url,
      attributes: { Arn: queue.arn, QueueName: name, QueueUrl: queue.url },
    });
    queues.set(name, queue.url);
    count('AWS::SQS::Queue');
  }
  for (const [id, props] of queueProps) {
    const attributes: Record<string, string> = {};
    for (const key of ['VisibilityTimeout', 'MessageRetentionPeriod', 'DelaySeconds']) {
      const value = props[key];
      if (value !== undefined) attributes[key] = resolver.string(value, `${id}.${key}`);
    }
    if (props.RedrivePolicy !== undefined) {
      attributes.RedrivePolicy = JSON.stringify(resolver.resolve(props.RedrivePolicy));
    }
    const url = physical.get(id)?.ref;
    if (url !== undefined && Object.keys(attributes).length > 0) {
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
    }
  }

  // 4. Topics, tables, secrets.
  for (const [id, props] of ofType('AWS::SNS::Topic')) {
    const name = nameOf(props, 'TopicName', `ecr-guard-sandbox-${id}`);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
    if (TopicArn === undefined) throw new Error(`CreateTopic ${name} returned no ARN`);
    physical.set(id, { ref: TopicArn, attributes: { TopicArn, TopicName: name } });
    count('AWS::SNS::Topic');
  }
  for (const [id, props] of ofType('AWS::DynamoDB::Table')) {
    const name = nameOf(props, 'TableName', `ecr-guard-sandbox-${id}`);
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: resolver.resolve(props.KeySchema ?? []) as never,
        AttributeDefinitions: resolver.resolve(props.AttributeDefinitions ?? []) as never,
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const ttl = resolver.resolve(props.TimeToLiveSpecification ?? null) as {
      AttributeName?: string;
      Enabled?: boolean;
    } | null;
    if (ttl?.AttributeName !== undefined && ttl.Enabled !== false) {
      await dynamodb.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true },
        }),
      );
    }
    physical.set(id, {
      ref: name,
      attributes: { Arn: `arn:${partition}:dynamodb:${region}:${account}:table/${name}` },
    });
    count('AWS::DynamoDB::Table');
  }
  for (const [id, props] of ofType('AWS::SecretsManager::Secret')) {
    const name = nameOf(props, 'Name', `ecr-guard-sandbox-${id}`);
    const out = await secrets.send(
      new CreateSecretCommand({
        Name: name,
        SecretString:
          props.SecretString === undefined ? '{}' : resolver.string(props.SecretString, id),
      }),
    );
    if (out.ARN === undefined) throw new Error(`CreateSecret ${name} returned no ARN`);
    physical.set(id, { ref: out.ARN, attributes: { Id: out.ARN } });
    count('AWS::SecretsManager::Secret');
  }

  // 5. The functions and the queues that stand in for them.
  const functions = new Map<string, SandboxFunction>();
  const byLogicalId = new Map<string, SandboxFunction>();
  for (const [id, props] of ofType('AWS::Lambda::Function')) {
    const handler = resolver.string(props.Handler ?? '', `${id}.Handler`);
    const dot = handler.lastIndexOf('.');
    const file = handler.slice(0, dot);
    const name = file.split('/').at(-1) ?? id;
    const roleArn = props.Role === undefined ? undefined : resolver.string(props.Role, id);
    const fn: SandboxFunction = {
      name,
      logicalId: id,
      functionName: physical.get(id)?.ref ?? id,
      arn: physical.get(id)?.attributes.Arn ?? '',
      module: `${file}.ts`,
      exportName: handler.slice(dot + 1),
      environment: {},
      roleName: roleArn === undefined ? undefined : ROLE_NAME.exec(roleArn)?.[1],
      onFailure: undefined,
    };
    functions.set(name, fn);
    byLogicalId.set(id, fn);
    skip('AWS::Lambda::Function', NOT_EMULATED['AWS::Lambda::Function'] ?? '');
  }

  /** The function a target or endpoint (`Fn::GetAtt [X, Arn]`, `Ref X`) points to, if any. */
  const functionOf = (value: Json | undefined): SandboxFunction | undefined => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const att = value['Fn::GetAtt'];
    const id = Array.isArray(att)
      ? String(att[0])
      : typeof att === 'string'
        ? att.split('.')[0]
        : typeof value.Ref === 'string'
          ? value.Ref
          : undefined;
    return id === undefined ? undefined : byLogicalId.get(id);
  };

  const triggers: TriggerQueue[] = [];
  /** The queue standing in for `fn` behind one rule, or behind its SNS subscriptions. */
  const standIn = async (
    fn: SandboxFunction,
    kind: Exclude<TriggerKind, 'sqs'>,
    source: string,
  ): Promise<TriggerQueue> => {
    const name = kind === 'sns' ? `sandbox-${fn.functionName}-sns` : `sandbox-${source}`;
    let trigger = triggers.find((t) => t.function === fn.name && t.url.endsWith(`/${name}`));
    if (trigger === undefined) {
      const queue = await createQueue(name.slice(0, 80));
      trigger = { kind, function: fn.name, ...queue, batchSize: 1, sources: [] };
      triggers.push(trigger);
    }
    if (!trigger.sources.includes(source)) trigger.sources.push(source);
    return trigger;
  };

  // 6. Rules: a Lambda target becomes the function's queue; schedules fire from the sandbox.
  const schedules: ScheduleTrigger[] = [];
  for (const [id, props] of ofType('AWS::Events::Rule')) {
    const name = nameOf(props, 'Name', id).slice(0, 64);
    const bus =
      props.EventBusName === undefined
        ? 'default'
        : resolver.string(props.EventBusName, `${id}.EventBusName`);
    const busName = bus.includes(':event-bus/') ? (bus.split(':event-bus/')[1] ?? bus) : bus;
    const targets = (Array.isArray(props.Targets) ? props.Targets : []) as Record<string, Json>[];
    if (props.ScheduleExpression !== undefined) {
      const expression = resolver.string(props.ScheduleExpression, `${id}.ScheduleExpression`);
      const out = await events.send(
        new PutRuleCommand({
          Name: name,
          EventBusName: busName,
          ScheduleExpression: expression,
          State: 'ENABLED',
        }),
      );
      for (const t of targets) {
        const fn = functionOf(t.Arn);
        if (fn === undefined) continue;
        schedules.push({
          ruleName: name,
          ruleArn: out.RuleArn ?? '',
          expression,
          function: fn.name,
          queue: await standIn(fn, 'eventbridge', name),
        });
        // No target on the rule itself: see ScheduleTrigger.
      }
      physical.set(id, { ref: name, attributes: { Arn: out.RuleArn ?? '' } });
      count('AWS::Events::Rule');
      continue;
    }
    const pattern = resolver.resolve(props.EventPattern ?? {});
    const out = await events.send(
      new PutRuleCommand({
        Name: name,
        EventBusName: busName,
        EventPattern: typeof pattern === 'string' ? pattern : JSON.stringify(pattern),
        State: 'ENABLED',
      }),
    );
    const sandboxTargets: Target[] = [];
    for (const t of targets) {
      const fn = functionOf(t.Arn);
      let arn: string;
      if (fn === undefined) {
        arn = resolver.string(t.Arn ?? '', `${id}.Targets.Arn`);
      } else {
        const trigger = await standIn(fn, 'eventbridge', name);
        trigger.bus = busName;
        arn = trigger.arn;
      }
      sandboxTargets.push({ Id: String(t.Id ?? 'target'), Arn: arn });
    }
    if (sandboxTargets.length > 0) {
      await events.send(
        new PutTargetsCommand({ Rule: name, EventBusName: busName, Targets: sandboxTargets }),
      );
    }
    physical.set(id, { ref: name, attributes: { Arn: out.RuleArn ?? '' } });
    count('AWS::Events::Rule');
  }

  // 7. SNS subscriptions of functions: the topic delivers to the function's queue.
  for (const [id, props] of ofType('AWS::SNS::Subscription')) {
    const fn = functionOf(props.Endpoint);
    if (fn === undefined) {
      skip('AWS::SNS::Subscription', 'not a Lambda subscription');
      continue;
    }
    const topicArn = resolver.string(props.TopicArn ?? '', `${id}.TopicArn`);
    const topicName = topicArn.split(':').at(-1) ?? topicArn;
    const queue = await standIn(fn, 'sns', topicName);
    await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn }),
    );
    count('AWS::SNS::Subscription');
  }

  // 8. SQS event source mappings: the function reads the template's own queue.
  for (const [id, props] of ofType('AWS::Lambda::EventSourceMapping')) {
    const fn = functionOf(props.FunctionName);
    const sourceArn = resolver.string(props.EventSourceArn ?? '', `${id}.EventSourceArn`);
    const source = [...physical.values()].find((p) => p.attributes.Arn === sourceArn);
    if (fn === undefined || source?.attributes.QueueUrl === undefined) {
      skip('AWS::Lambda::EventSourceMapping', 'not an SQS source of a function');
      continue;
    }
    triggers.push({
      kind: 'sqs',
      function: fn.name,
      url: source.attributes.QueueUrl,
      arn: sourceArn,
      batchSize: Number(resolver.resolve(props.BatchSize ?? 10)),
      sources: [source.attributes.QueueName ?? sourceArn],
    });
    skip('AWS::Lambda::EventSourceMapping', 'the sandbox polls the queue itself');
  }

  // 9. On-failure destinations of asynchronous invocations.
  for (const [id, props] of ofType('AWS::Lambda::EventInvokeConfig')) {
    const fn = functionOf(props.FunctionName);
    const config = resolver.resolve(props.DestinationConfig ?? null) as {
      OnFailure?: { Destination?: string };
    } | null;
    const destination = config?.OnFailure?.Destination;
    const queue = [...physical.values()].find((p) => p.attributes.Arn === destination);
    if (fn !== undefined && queue?.attributes.QueueUrl !== undefined && destination) {
      fn.onFailure = { url: queue.attributes.QueueUrl, arn: destination };
    } else if (fn === undefined) {
      throw new Error(`${id}: no function for this invoke configuration`);
    }
    skip('AWS::Lambda::EventInvokeConfig', 'the sandbox sends failed events to the destination');
  }

  // 10. Each function's environment, every reference resolved against what now exists.
  for (const fn of functions.values()) {
    const props = resources[fn.logicalId]?.Properties ?? {};
    const variables = (props.Environment as { Variables?: Record<string, Json> } | undefined)
      ?.Variables;
    fn.environment = Object.fromEntries(
      Object.entries(variables ?? {}).map(([key, value]) => [
        key,
        resolver.string(value, `${fn.functionName} environment ${key}`),
      ]),
    );
  }

  const handled = new Set([
    'AWS::IAM::Role',
    'AWS::Lambda::Function',
    'AWS::KMS::Key',
    'AWS::Events::EventBus',
    'AWS::SQS::Queue',
    'AWS::SNS::Topic',
    'AWS::DynamoDB::Table',
    'AWS::SecretsManager::Secret',
    'AWS::Events::Rule',
    'AWS::SNS::Subscription',
    'AWS::Lambda::EventSourceMapping',
    'AWS::Lambda::EventInvokeConfig',
  ]);
  // Everything else, counted with the reason it is not needed here. (IAM roles and KMS keys
  // only got ARNs above; resources of the types above were counted as they were handled.)
  const onlyNamed = new Set(['AWS::IAM::Role', 'AWS::KMS::Key']);
  for (const resource of Object.values(resources)) {
    if (handled.has(resource.Type) && !onlyNamed.has(resource.Type)) continue;
    if (resource.Condition !== undefined && !resolver.condition(resource.Condition)) {
      if (!onlyNamed.has(resource.Type)) {
        skip(resource.Type, `condition ${resource.Condition} is false`);
      }
      continue;
    }
    skip(resource.Type, NOT_EMULATED[resource.Type] ?? 'not needed locally');
  }

  for (const client of [sqs, sns, events, dynamodb, secrets]) client.destroy();
  return {
    functions,
    triggers,
    schedules,
    eventBuses,
    queues,
    created,
    skipped: [...skipped.values()],
  };
}
