/**
 * The in-process AWS of the scale benchmark: the ECR registries of the simulated
 * organization, STS, Organizations and the sweep queue's SQS front, behind one SDK request
 * handler. Each call is answered after a latency with jitter; per-account (or per account and
 * region) token buckets per API family answer with AWS's throttling errors when exceeded, so
 * that the SDK's retries, and the sweep's, are what copes with them.
 *
 * Response shapes: ECR's from the real responses in test/fixtures/aws-responses (see its
 * SOURCES.md) and, for the calls no sample holds, from the API references' response elements,
 * named where they are built.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { HttpRequest, HttpResponse } from '@smithy/types';
import type { SdkRequestHandler } from '#lib/aws/index.ts';
import { EXEMPT_TAG } from '#lib/controls/exemptions.ts';
import {
  type AwsCall,
  jsonError,
  jsonResponse,
  parseCall,
  throttled,
  xmlResponse,
} from './aws-wire.ts';
import {
  EXEMPT,
  MISSING_IMMUTABILITY,
  MISSING_LIFECYCLE,
  MISSING_SCANNING,
  type Organization,
  type RegistryModel,
  repositoryIndex,
  repositoryName,
} from './organization.ts';
import type { Random } from './random.ts';
import type { VirtualClock } from './virtual-clock.ts';

export interface AwsModelOptions {
  /** Round trip of a call, ms (default 25: a regional AWS API call). */
  latencyMs: number;
  /** ± share of the latency drawn uniformly per call (default 0.2: 20–30 ms). */
  jitter: number;
  /** Calls a second per account and API family before throttling (default 20). */
  callsPerSecond: number;
  /** Calls a bucket holds (a burst), default one second's worth. */
  burst: number;
  /** Where a limit applies: the account (every region shares it), or each account and region. */
  scope: 'account' | 'account-region';
}

export const DEFAULT_AWS_MODEL: AwsModelOptions = {
  latencyMs: 25,
  jitter: 0.2,
  callsPerSecond: 20,
  burst: 20,
  scope: 'account',
};

/** API families sharing one limit. SQS (standard queues, nearly unlimited) has none. */
const FAMILY: Readonly<Record<string, string>> = {
  'ecr:DescribeRepositories': 'ecr-read',
  'ecr:GetLifecyclePolicy': 'ecr-read',
  'ecr:ListTagsForResource': 'ecr-read',
  'ecr:GetRegistryScanningConfiguration': 'ecr-read',
  'ecr:DescribePullThroughCacheRules': 'ecr-read',
  'ecr:DescribeImages': 'ecr-read',
  'ecr:PutImageTagMutability': 'ecr-write',
  'ecr:PutLifecyclePolicy': 'ecr-write',
  'ecr:PutImageScanningConfiguration': 'ecr-write',
  'ecr:PutRegistryScanningConfiguration': 'ecr-write',
  'sts:AssumeRole': 'sts',
  'organizations:ListAccounts': 'organizations',
};

/** Counts of one kind of call. */
export interface CallCount {
  calls: number;
  throttled: number;
  /** Sendings with `attempt` > 1: the SDK retrying. */
  retries: number;
}

/** What a call meant, for whoever watches (the Lambda model, per invocation). */
export interface CallSeen {
  key: string;
  account: string;
  region: string;
  throttled: boolean;
}

/** Where SendMessageBatch puts messages: the simulated sweep queue. */
export interface MessageSink {
  send(body: string, delaySeconds: number): string;
}

const FIXTURES = new URL('../../test/fixtures/aws-responses/', import.meta.url);

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;
}

/** A team's own lifecycle policy (ECR API Reference, GetLifecyclePolicy example). */
const TEAM_POLICY = String(
  (fixture('ecr-getlifecyclepolicy.aws-api-reference.json') as { lifecyclePolicyText: string })
    .lifecyclePolicyText,
);
/** The message ECR gives with LifecyclePolicyNotFoundException (real recording). */
const NO_POLICY_MESSAGE = (
  fixture('ecr-getlifecyclepolicy-not-found-error.cloud-custodian-placebo.json') as {
    data: { Error: { Message: string } };
  }
).data.Error.Message;
/** A repository's fields as DescribeRepositories gives them (compose-x recording). */
const REPOSITORY_FIELDS = Object.keys(
  (
    fixture('ecr-describerepositories.compose-x-placebo.json') as {
      data: { repositories: Record<string, unknown>[] };
    }
  ).data.repositories[0] ?? {},
);
/** `createdAt` on the wire: epoch seconds (ECR API Reference, DescribeRepositories example). */
const CREATED_AT = Number(
  (
    fixture('ecr-describerepositories.aws-api-reference.json') as {
      repositories: Array<{ createdAt: number }>;
    }
  ).repositories[0]?.createdAt ?? 0,
);

interface Registry {
  model: RegistryModel;
  /** Lifecycle policies written by ecr-guard, by repository index. */
  written: Map<number, string>;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** The page token of DescribeRepositories: opaque to callers, an offset into one registry here. */
function pageToken(key: string, offset: number): string {
  return Buffer.from(JSON.stringify({ r: key, o: offset })).toString('base64url');
}

function readPageToken(key: string, token: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      r?: unknown;
      o?: unknown;
    };
    return parsed.r === key && typeof parsed.o === 'number' ? parsed.o : undefined;
  } catch {
    return undefined;
  }
}

class ModelError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ModelError';
    this.status = status;
    this.code = code;
  }
}

/**
 * The model. `requestHandler` is what every SDK client of the simulated functions sends with.
 *
 * @example
 * ```ts
 * const aws = new AwsModel({ clock, organization, random, options: DEFAULT_AWS_MODEL, queue });
 * new ECRClient({ region: 'us-east-1', requestHandler: aws.requestHandler });
 * ```
 */
export class AwsModel {
  readonly requestHandler: SdkRequestHandler;
  /** The access key of the functions' own role in the central account. */
  readonly centralKey = 'AKIACENTRALFUNCTION1';
  /** Calls by `service:Operation`. */
  readonly counts = new Map<string, CallCount>();
  /** ECR calls and throttles by `account/region`. */
  readonly byTarget = new Map<string, CallCount>();
  /** DescribeRepositories pages answered, by `account/region`. */
  readonly pagesByTarget = new Map<string, number>();
  /** When each `account/region` saw its last ECR call (virtual epoch ms). */
  readonly lastCallByTarget = new Map<string, number>();
  /** Calls the model could not answer (a bug in the model, reported at the end). */
  readonly unsupported = new Set<string>();
  onCall: ((seen: CallSeen) => void) | undefined;

  readonly #clock: VirtualClock;
  readonly #org: Organization;
  readonly #random: Random;
  readonly #options: AwsModelOptions;
  readonly #queue: MessageSink;
  readonly #registries = new Map<string, Registry>();
  readonly #hardThrottle = new Map<string, number>();
  readonly #members = new Set<string>();
  readonly #keys = new Map<string, string>();
  readonly #buckets = new Map<string, Bucket>();
  #keySeq = 0;
  #variant = 0;
  readonly #centralShare: number;

  constructor(params: {
    clock: VirtualClock;
    organization: Organization;
    random: Random;
    options: AwsModelOptions;
    queue: MessageSink;
    /**
     * The part of the central account's STS and Organizations limits this simulation gets
     * (1: all). A shard of the organization shares them with the other shards.
     */
    centralShare?: number;
  }) {
    this.#centralShare = params.centralShare ?? 1;
    this.#clock = params.clock;
    this.#org = params.organization;
    this.#random = params.random;
    this.#options = params.options;
    this.#queue = params.queue;
    this.#keys.set(this.centralKey, this.#org.centralAccount);
    for (const account of this.#org.accounts) {
      this.#members.add(account.id);
      if (account.hardThrottle !== undefined)
        this.#hardThrottle.set(account.id, account.hardThrottle);
      for (const registry of account.registries) {
        this.#registries.set(`${registry.account}/${registry.region}`, {
          model: registry,
          written: new Map(),
        });
      }
    }
    const model = this;
    this.requestHandler = {
      handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
        return model.#handle(request);
      },
      updateHttpClientConfig(): void {},
      httpHandlerConfigs(): Record<string, never> {
        return {};
      },
    };
  }

  #handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const { response, delay } = this.#clock.excluded(() => this.#answer(request));
    return new Promise((resolve) => {
      setTimeout(() => resolve({ response }), delay);
    });
  }

  #latency(): number {
    const { latencyMs, jitter } = this.#options;
    return latencyMs * (1 + jitter * (2 * this.#random.next() - 1));
  }

  #answer(request: HttpRequest): { response: HttpResponse; delay: number } {
    const delay = this.#latency();
    const call = parseCall(request);
    const key = `${call.service}:${call.operation}`;
    const account = this.#keys.get(call.accessKeyId);
    let count = this.counts.get(key);
    if (count === undefined) {
      count = { calls: 0, throttled: 0, retries: 0 };
      this.counts.set(key, count);
    }
    count.calls += 1;
    if (call.attempt > 1) count.retries += 1;
    if (account === undefined) {
      return {
        response: jsonError(
          call.service,
          403,
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
        ),
        delay,
      };
    }
    const isThrottled = this.#throttles(key, account, call.region);
    if (call.service === 'ecr') {
      const target = `${account}/${call.region}`;
      let perTarget = this.byTarget.get(target);
      if (perTarget === undefined) {
        perTarget = { calls: 0, throttled: 0, retries: 0 };
        this.byTarget.set(target, perTarget);
      }
      perTarget.calls += 1;
      this.lastCallByTarget.set(target, this.#clock.now());
      if (isThrottled) perTarget.throttled += 1;
      if (call.attempt > 1) perTarget.retries += 1;
    }
    this.onCall?.({ key, account, region: call.region, throttled: isThrottled });
    if (isThrottled) {
      count.throttled += 1;
      this.#variant += 1;
      return { response: throttled(call, this.#variant), delay };
    }
    try {
      return { response: this.#operate(call, account), delay };
    } catch (error) {
      if (error instanceof ModelError) {
        if (call.service === 'sts') {
          return {
            response: xmlResponse(
              error.status,
              `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>${error.code}</Code><Message>${error.message}</Message></Error>
  <RequestId>0c4f5b9e-1d2a-4b3c-8e7f-000000000000</RequestId>
</ErrorResponse>`,
            ),
            delay,
          };
        }
        return {
          response: jsonError(call.service, error.status, error.code, error.message),
          delay,
        };
      }
      throw error;
    }
  }

  /** Takes a token from the call's bucket; `true` when there was none (throttled). */
  #throttles(key: string, account: string, region: string): boolean {
    const family = FAMILY[key];
    if (family === undefined) return false;
    const shared =
      account === this.#org.centralAccount && (family === 'sts' || family === 'organizations')
        ? this.#centralShare
        : 1;
    const rate = (this.#hardThrottle.get(account) ?? this.#options.callsPerSecond) * shared;
    const burst = Math.max(
      1,
      this.#hardThrottle.has(account) ? rate : this.#options.burst * shared,
    );
    const scope = this.#options.scope === 'account' ? account : `${account}/${region}`;
    const id = `${scope}#${family}`;
    const now = this.#clock.now();
    let bucket = this.#buckets.get(id);
    if (bucket === undefined) {
      bucket = { tokens: burst, at: now };
      this.#buckets.set(id, bucket);
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * rate) / 1000);
    bucket.at = now;
    if (bucket.tokens < 1) return true;
    bucket.tokens -= 1;
    return false;
  }

  #operate(call: AwsCall, account: string): HttpResponse {
    switch (call.service) {
      case 'ecr':
        return jsonResponse('ecr', this.#ecr(call, account));
      case 'sts':
        return this.#sts(call, account);
      case 'organizations':
        return jsonResponse('organizations', this.#organizations(call, account));
      case 'sqs':
        return jsonResponse('sqs', this.#sqs(call));
      case 'dynamodb':
        return jsonResponse('dynamodb', this.#dynamodb(call));
      default:
        this.unsupported.add(`${call.service}:${call.operation}`);
        throw new ModelError(400, 'UnknownOperationException', `${call.service} is not modelled`);
    }
  }

  #registry(account: string, region: string): Registry {
    const registry = this.#registries.get(`${account}/${region}`);
    if (registry !== undefined) return registry;
    // A region the organization does not use: an empty registry, as ECR answers.
    const empty: Registry = {
      model: { account, region, states: new Uint8Array(0) },
      written: new Map(),
    };
    this.#registries.set(`${account}/${region}`, empty);
    return empty;
  }

  #indexOf(registry: Registry, name: unknown): number {
    const index = typeof name === 'string' ? repositoryIndex(name) : undefined;
    if (index === undefined || index >= registry.model.states.length) {
      throw new ModelError(
        400,
        'RepositoryNotFoundException',
        `The repository with name '${String(name)}' does not exist in the registry with id '${registry.model.account}'`,
      );
    }
    return index;
  }

  #repository(registry: Registry, index: number): Record<string, unknown> {
    const { account, region, states } = registry.model;
    const state = states[index] ?? 0;
    const name = repositoryName(index);
    const mutability =
      (state & MISSING_IMMUTABILITY) !== 0
        ? 'MUTABLE'
        : index % 2 === 0
          ? 'IMMUTABLE'
          : 'IMMUTABLE_WITH_EXCLUSION';
    const fields: Record<string, unknown> = {
      repositoryArn: `arn:aws:ecr:${region}:${account}:repository/${name}`,
      registryId: account,
      repositoryName: name,
      repositoryUri: `${account}.dkr.ecr.${region}.amazonaws.com/${name}`,
      createdAt: CREATED_AT,
      imageTagMutability: mutability,
      imageScanningConfiguration: { scanOnPush: (state & MISSING_SCANNING) === 0 },
      encryptionConfiguration: { encryptionType: 'AES256' },
    };
    // ECR API Reference, Repository: the exclusion filters of IMMUTABLE_WITH_EXCLUSION (2025).
    if (mutability === 'IMMUTABLE_WITH_EXCLUSION') {
      fields.imageTagMutabilityExclusionFilters = [{ filterType: 'WILDCARD', filter: 'latest' }];
    }
    for (const field of REPOSITORY_FIELDS) {
      if (!(field in fields)) throw new Error(`the model lacks the repository field ${field}`);
    }
    return fields;
  }

  #ecr(call: AwsCall, account: string): Record<string, unknown> {
    const registry = this.#registry(account, call.region);
    const { states } = registry.model;
    const input = call.input;
    switch (call.operation) {
      case 'DescribeRepositories': {
        if (Array.isArray(input.repositoryNames)) {
          return {
            repositories: input.repositoryNames.map((name) =>
              this.#repository(registry, this.#indexOf(registry, name)),
            ),
          };
        }
        const max = input.maxResults === undefined ? 100 : Number(input.maxResults);
        if (!Number.isInteger(max) || max < 1 || max > 1000) {
          throw new ModelError(
            400,
            'InvalidParameterException',
            'maxResults must be between 1 and 1000',
          );
        }
        const key = `${account}/${call.region}`;
        const offset =
          typeof input.nextToken === 'string' ? readPageToken(key, input.nextToken) : 0;
        if (offset === undefined) {
          throw new ModelError(
            400,
            'InvalidParameterException',
            "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid token'",
          );
        }
        const end = Math.min(states.length, offset + max);
        this.pagesByTarget.set(key, (this.pagesByTarget.get(key) ?? 0) + 1);
        const repositories: Record<string, unknown>[] = [];
        for (let i = offset; i < end; i += 1) repositories.push(this.#repository(registry, i));
        return end < states.length
          ? { repositories, nextToken: pageToken(key, end) }
          : { repositories };
      }
      case 'GetLifecyclePolicy': {
        const index = this.#indexOf(registry, input.repositoryName);
        const name = repositoryName(index);
        if (((states[index] ?? 0) & MISSING_LIFECYCLE) !== 0) {
          throw new ModelError(
            400,
            'LifecyclePolicyNotFoundException',
            NO_POLICY_MESSAGE.replace("'c7n'", `'${name}'`).replace(/'\d{12}'/, `'${account}'`),
          );
        }
        return {
          registryId: account,
          repositoryName: name,
          lifecyclePolicyText: registry.written.get(index) ?? TEAM_POLICY,
          lastEvaluatedAt: CREATED_AT,
        };
      }
      case 'ListTagsForResource': {
        // ECR API Reference, ListTagsForResource: `tags`, a list of Key/Value.
        const arn = String(input.resourceArn ?? '');
        const index = this.#indexOf(registry, arn.split(':repository/')[1]);
        const tags = [{ Key: 'team', Value: `team-${index % 37}` }];
        if (((states[index] ?? 0) & EXEMPT) !== 0) {
          tags.push({ Key: EXEMPT_TAG, Value: 'all' });
          tags.push({ Key: 'ecr-guard:exempt-reason', Value: 'vendor mirror, managed upstream' });
        }
        return { tags };
      }
      case 'GetRegistryScanningConfiguration':
        // ECR API Reference, GetRegistryScanningConfiguration: `registryId` and
        // `scanningConfiguration` (`scanType`, `rules`). Basic scanning, no registry rule: each
        // repository's own scan-on-push decides.
        return { registryId: account, scanningConfiguration: { scanType: 'BASIC', rules: [] } };
      case 'DescribePullThroughCacheRules':
        // ECR API Reference, DescribePullThroughCacheRules: `pullThroughCacheRules`; none here.
        return { pullThroughCacheRules: [] };
      case 'DescribeImages': {
        // ECR API Reference, DescribeImages: `imageDetails` (and `nextToken` for more). The
        // lifecycle guard reads a repository's images before it writes a lifecycle policy; the
        // model's repositories hold none, so no policy would expire an image and what runs
        // (ECS, Lambda, Inspector) is never read.
        this.#indexOf(registry, input.repositoryName);
        return { imageDetails: [] };
      }
      case 'PutImageTagMutability': {
        const index = this.#indexOf(registry, input.repositoryName);
        states[index] = (states[index] ?? 0) & ~MISSING_IMMUTABILITY;
        return {
          registryId: account,
          repositoryName: repositoryName(index),
          imageTagMutability: input.imageTagMutability,
          ...(input.imageTagMutabilityExclusionFilters === undefined
            ? {}
            : { imageTagMutabilityExclusionFilters: input.imageTagMutabilityExclusionFilters }),
        };
      }
      case 'PutLifecyclePolicy': {
        const index = this.#indexOf(registry, input.repositoryName);
        states[index] = (states[index] ?? 0) & ~MISSING_LIFECYCLE;
        registry.written.set(index, String(input.lifecyclePolicyText));
        return {
          registryId: account,
          repositoryName: repositoryName(index),
          lifecyclePolicyText: input.lifecyclePolicyText,
        };
      }
      case 'PutImageScanningConfiguration': {
        const index = this.#indexOf(registry, input.repositoryName);
        states[index] = (states[index] ?? 0) & ~MISSING_SCANNING;
        return {
          registryId: account,
          repositoryName: repositoryName(index),
          imageScanningConfiguration: input.imageScanningConfiguration,
        };
      }
      case 'PutRegistryScanningConfiguration':
        // ECR API Reference, PutRegistryScanningConfiguration: `registryScanningConfiguration`.
        return {
          registryScanningConfiguration: { scanType: input.scanType, rules: input.rules ?? [] },
        };
      default:
        this.unsupported.add(`ecr:${call.operation}`);
        throw new ModelError(400, 'UnsupportedOperationException', `ecr:${call.operation}`);
    }
  }

  #sts(call: AwsCall, caller: string): HttpResponse {
    if (call.operation !== 'AssumeRole') {
      this.unsupported.add(`sts:${call.operation}`);
      throw new ModelError(400, 'InvalidAction', `sts:${call.operation} is not modelled`);
    }
    const roleArn = String(call.input.RoleArn ?? '');
    const match = /^arn:aws:iam::(\d{12}):role\/ecr-guard-remediation$/.exec(roleArn);
    const account = match?.[1];
    if (account === undefined || !this.#members.has(account)) {
      throw new ModelError(
        403,
        'AccessDenied',
        `User: arn:aws:sts::${caller}:assumed-role/ecr-guard-sweep-worker is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    }
    this.#keySeq += 1;
    const accessKeyId = `ASIA${this.#keySeq.toString(36).toUpperCase().padStart(16, '0')}`;
    this.#keys.set(accessKeyId, account);
    const seconds = Number(call.input.DurationSeconds ?? 3600);
    const expiration = new Date(this.#clock.now() + seconds * 1000).toISOString();
    const session = String(call.input.RoleSessionName ?? 'session');
    // STS API Reference, AssumeRole, "Examples": AssumeRoleResult with Credentials and
    // AssumedRoleUser, and ResponseMetadata.
    return xmlResponse(
      200,
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::${account}:assumed-role/ecr-guard-remediation/${session}</Arn>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:${session}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${accessKeyId}</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW${accessKeyId}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>`,
    );
  }

  #organizations(call: AwsCall, caller: string): Record<string, unknown> {
    if (call.operation !== 'ListAccounts') {
      this.unsupported.add(`organizations:${call.operation}`);
      throw new ModelError(400, 'InvalidInputException', `${call.operation} is not modelled`);
    }
    // Organizations API Reference, ListAccounts: `Accounts` (Id, Arn, Email, Name, Status,
    // State, JoinedMethod, JoinedTimestamp) and `NextToken`; MaxResults 1–20.
    const max = call.input.MaxResults === undefined ? 20 : Number(call.input.MaxResults);
    const start = typeof call.input.NextToken === 'string' ? Number(call.input.NextToken) : 0;
    const page = this.#org.accounts.slice(start, start + Math.min(20, max));
    const next = start + page.length;
    return {
      Accounts: page.map((a) => ({
        Id: a.id,
        Arn: `arn:aws:organizations::${caller}:account/o-exampleorgid/${a.id}`,
        Email: `${a.name}@example.com`,
        Name: a.name,
        Status: 'ACTIVE',
        State: 'ACTIVE',
        JoinedMethod: 'CREATED',
        JoinedTimestamp: CREATED_AT,
      })),
      ...(next < this.#org.accounts.length ? { NextToken: String(next) } : {}),
    };
  }

  /**
   * The dedupe table (the remediation lock, the ledger of sweep messages sent): every write
   * succeeds and nothing is kept. That is what DynamoDB answers when nothing contends, as in
   * the model: one worker per account-region part, one record per message sent. Contention is
   * the fault suite's to test (test/integration/faults/lock-contention.test.ts), on the
   * emulator. DynamoDB API Reference: PutItem, UpdateItem and DeleteItem answer `{}` without
   * ReturnValues; GetItem answers `{}` for a missing item.
   */
  #dynamodb(call: AwsCall): Record<string, unknown> {
    switch (call.operation) {
      case 'PutItem':
      case 'UpdateItem':
      case 'DeleteItem':
      case 'GetItem':
        return {};
      default:
        this.unsupported.add(`dynamodb:${call.operation}`);
        throw new ModelError(
          400,
          'UnknownOperationException',
          `dynamodb:${call.operation} is not modelled`,
        );
    }
  }

  #sqs(call: AwsCall): Record<string, unknown> {
    if (call.operation !== 'SendMessageBatch') {
      this.unsupported.add(`sqs:${call.operation}`);
      throw new ModelError(400, 'InvalidAction', `sqs:${call.operation} is not modelled`);
    }
    // SQS API Reference, SendMessageBatch (JSON protocol): `Successful` entries carry Id,
    // MessageId and MD5OfMessageBody (the SDK checks the digest); `Failed` is empty.
    const entries = (call.input.Entries ?? []) as Array<{
      Id: string;
      MessageBody: string;
      DelaySeconds?: number;
    }>;
    return {
      Successful: entries.map((entry) => ({
        Id: entry.Id,
        MessageId: this.#queue.send(entry.MessageBody, entry.DelaySeconds ?? 0),
        MD5OfMessageBody: createHash('md5').update(entry.MessageBody).digest('hex'),
      })),
      Failed: [],
    };
  }
}
