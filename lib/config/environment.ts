/**
 * The only module that reads `process.env`. Everything else receives these values.
 */

/** A required variable is missing or malformed. */
export class EnvironmentError extends Error {
  readonly variable: string;

  constructor(variable: string, problem: string) {
    super(`environment variable ${variable} ${problem}`);
    this.name = 'EnvironmentError';
    this.variable = variable;
  }
}

export interface Environment {
  /** The region the process runs in (Lambda sets `AWS_REGION`). */
  region: string;
  /** Path of the standard, `ECR_GUARD_CONFIG`, default `ecr-guard.yml` in the working directory. */
  configPath: string | undefined;
  /** An alternative AWS endpoint (the emulator), only for what the SDK does not read itself. */
  endpointUrl: string | undefined;
  /**
   * Cross-account settings, read when `ECR_GUARD_ACCOUNT_ID` is set (serverless.yml sets it
   * on the Lambdas); `undefined` is single-account mode: the process's own credentials act
   * in every account (the CLI).
   */
  crossAccount: CrossAccountEnvironment | undefined;
}

/** Where the functions run and which accounts they may act in. */
export interface CrossAccountEnvironment {
  /** `ECR_GUARD_ACCOUNT_ID`: the central account (acted in with the function's own role). */
  centralAccount: string;
  /**
   * `ECR_GUARD_ALLOWED_ACCOUNTS` (required with `ECR_GUARD_ACCOUNT_ID`): `organization` — any
   * account the central bus admits — or a comma-separated list of account ids.
   */
  allowedAccounts: 'organization' | readonly string[];
  /** `ECR_GUARD_MEMBER_ROLE_NAME`, default `ecr-guard-remediation`. */
  memberRoleName: string;
  /** `ECR_GUARD_PARTITION`, default `aws`. */
  partition: string;
}

type Source = Readonly<Record<string, string | undefined>>;

function optional(env: Source, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

const ACCOUNT_ID = /^\d{12}$/;

function readCrossAccount(env: Source): CrossAccountEnvironment | undefined {
  const centralAccount = optional(env, 'ECR_GUARD_ACCOUNT_ID');
  if (centralAccount === undefined) return undefined;
  if (!ACCOUNT_ID.test(centralAccount)) {
    throw new EnvironmentError(
      'ECR_GUARD_ACCOUNT_ID',
      `is "${centralAccount}", not a 12-digit account id`,
    );
  }
  const allowed = optional(env, 'ECR_GUARD_ALLOWED_ACCOUNTS');
  if (allowed === undefined) {
    throw new EnvironmentError(
      'ECR_GUARD_ALLOWED_ACCOUNTS',
      'is not set (with ECR_GUARD_ACCOUNT_ID it must be "organization" or account ids, comma-separated)',
    );
  }
  let allowedAccounts: CrossAccountEnvironment['allowedAccounts'] = 'organization';
  if (allowed !== 'organization') {
    const ids = allowed.split(',').map((id) => id.trim());
    const bad = ids.filter((id) => !ACCOUNT_ID.test(id));
    if (bad.length > 0) {
      throw new EnvironmentError(
        'ECR_GUARD_ALLOWED_ACCOUNTS',
        `lists ${bad.map((id) => `"${id}"`).join(', ')}, not 12-digit account ids (or set it to "organization")`,
      );
    }
    allowedAccounts = ids;
  }
  const memberRoleName = optional(env, 'ECR_GUARD_MEMBER_ROLE_NAME') ?? 'ecr-guard-remediation';
  if (!/^[\w+=,.@-]{1,64}$/.test(memberRoleName)) {
    throw new EnvironmentError(
      'ECR_GUARD_MEMBER_ROLE_NAME',
      `is "${memberRoleName}", not an IAM role name`,
    );
  }
  const partition = optional(env, 'ECR_GUARD_PARTITION') ?? 'aws';
  if (!/^aws(-[a-z]+)*$/.test(partition)) {
    throw new EnvironmentError('ECR_GUARD_PARTITION', `is "${partition}", not an AWS partition`);
  }
  return { centralAccount, allowedAccounts, memberRoleName, partition };
}

/**
 * Reads and checks the environment once. Fails fast, naming the variable.
 *
 * @example
 * ```ts
 * const { region } = readEnvironment(); // throws EnvironmentError when AWS_REGION is unset
 * ```
 */
export function readEnvironment(env: Source = process.env): Environment {
  const region = optional(env, 'AWS_REGION') ?? optional(env, 'AWS_DEFAULT_REGION');
  if (region === undefined) throw new EnvironmentError('AWS_REGION', 'is not set');
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new EnvironmentError('AWS_REGION', `is "${region}", which is not an AWS region`);
  }
  return {
    region,
    configPath: optional(env, 'ECR_GUARD_CONFIG'),
    endpointUrl: optional(env, 'AWS_ENDPOINT_URL'),
    crossAccount: readCrossAccount(env),
  };
}

/** The scheduled sweep's settings (`functions/sweep.ts`, `functions/sweep-worker.ts`). */
export interface SweepEnvironment {
  /** `ECR_GUARD_SWEEP_REGIONS`, comma-separated; default the function's own region. */
  regions: string[];
  /** `ECR_GUARD_SWEEP_QUEUE_URL`: where `sweep` sends one message per (account, region). */
  queueUrl: string | undefined;
  /** `ECR_GUARD_SWEEP_MODE`: `enforce` (default) remediates, `audit` only reports. */
  mode: 'enforce' | 'audit';
}

/**
 * Reads the sweep's variables; `AWS_REGION` as in {@link readEnvironment}.
 *
 * @example
 * ```ts
 * const { regions, queueUrl } = readSweepEnvironment(); // regions: ['eu-west-1', 'us-east-1']
 * ```
 */
export function readSweepEnvironment(env: Source = process.env): SweepEnvironment {
  const { region } = readEnvironment(env);
  const listed = optional(env, 'ECR_GUARD_SWEEP_REGIONS');
  const regions = listed === undefined ? [region] : listed.split(',').map((r) => r.trim());
  for (const r of regions) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(r)) {
      throw new EnvironmentError(
        'ECR_GUARD_SWEEP_REGIONS',
        `lists "${r}", which is not an AWS region`,
      );
    }
  }
  const mode = optional(env, 'ECR_GUARD_SWEEP_MODE') ?? 'enforce';
  if (mode !== 'enforce' && mode !== 'audit') {
    throw new EnvironmentError('ECR_GUARD_SWEEP_MODE', `is "${mode}", not enforce or audit`);
  }
  return {
    regions: [...new Set(regions)],
    queueUrl: optional(env, 'ECR_GUARD_SWEEP_QUEUE_URL'),
    mode,
  };
}

/** What `report-findings` publishes to and deduplicates in (the central account). */
export interface AlertingEnvironment {
  /** `ALERTS_TOPIC_ARN`: the SNS alerts topic. */
  alertsTopicArn: string;
  /** `DEDUPE_TABLE_NAME`: the DynamoDB table (key `pk`, TTL on `expiresAt`). */
  dedupeTableName: string;
  /** `DEDUPE_TTL_DAYS`, default 7: how long an alerted image is remembered. */
  dedupeTtlDays: number;
  /**
   * `DEDUPE_LEASE_SECONDS`, default 30: how long a claim holds an image's record before its
   * alert is confirmed published. A claim whose invocation died is taken over after that.
   */
  dedupeLeaseSeconds: number;
}

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[\w-]{1,256}(\.fifo)?$/;
const DYNAMODB_TABLE_NAME = /^[\w.-]{3,255}$/;

/**
 * Reads the variables of `report-findings`. Fails fast, naming the variable.
 *
 * @example
 * ```ts
 * const { alertsTopicArn, dedupeTableName, dedupeTtlDays } = readAlertingEnvironment();
 * ```
 */
export function readAlertingEnvironment(env: Source = process.env): AlertingEnvironment {
  const alertsTopicArn = optional(env, 'ALERTS_TOPIC_ARN');
  if (alertsTopicArn === undefined) throw new EnvironmentError('ALERTS_TOPIC_ARN', 'is not set');
  if (!SNS_TOPIC_ARN.test(alertsTopicArn)) {
    throw new EnvironmentError('ALERTS_TOPIC_ARN', `is "${alertsTopicArn}", not an SNS topic ARN`);
  }
  const dedupeTableName = optional(env, 'DEDUPE_TABLE_NAME');
  if (dedupeTableName === undefined) throw new EnvironmentError('DEDUPE_TABLE_NAME', 'is not set');
  if (!DYNAMODB_TABLE_NAME.test(dedupeTableName)) {
    throw new EnvironmentError(
      'DEDUPE_TABLE_NAME',
      `is "${dedupeTableName}", not a DynamoDB table name`,
    );
  }
  const ttl = optional(env, 'DEDUPE_TTL_DAYS') ?? '7';
  const dedupeTtlDays = Number(ttl);
  if (!/^\d+$/.test(ttl) || dedupeTtlDays < 1 || dedupeTtlDays > 365) {
    throw new EnvironmentError('DEDUPE_TTL_DAYS', `is "${ttl}", not a whole number of days 1–365`);
  }
  const lease = optional(env, 'DEDUPE_LEASE_SECONDS') ?? '30';
  const dedupeLeaseSeconds = Number(lease);
  if (!/^\d+$/.test(lease) || dedupeLeaseSeconds < 1 || dedupeLeaseSeconds > 900) {
    throw new EnvironmentError(
      'DEDUPE_LEASE_SECONDS',
      `is "${lease}", not a whole number of seconds 1–900`,
    );
  }
  return { alertsTopicArn, dedupeTableName, dedupeTtlDays, dedupeLeaseSeconds };
}

/** What `notify-slack` reads its webhooks from. */
export interface SlackEnvironment {
  /**
   * `SLACK_WEBHOOKS_SECRET_ARN`: the Secrets Manager secret holding a JSON map of team name to
   * webhook URL, with a `default` entry. The URLs themselves are never in the environment.
   */
  webhooksSecretArn: string;
  /**
   * `DEDUPE_TABLE_NAME`: where each alert version's post is recorded, so that a second copy
   * of an alert (a retried publish, a Lambda retry) is not posted again. Optional.
   */
  dedupeTableName: string | undefined;
  /** `NOTIFY_SLACK_FAILURE_QUEUE_URL`: where alerts Slack refuses for good are parked. */
  failureQueueUrl: string | undefined;
  /** `NOTIFY_SLACK_RETRY_QUEUE_URL`: where alerts are handed back to, for a long rate limit. */
  retryQueueUrl: string | undefined;
}

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z]{2}(-[a-z]+)+-\d:\d{12}:secret:.+$/;

/**
 * Reads the variables of `notify-slack`. Fails fast, naming the variable.
 *
 * @example
 * ```ts
 * const { webhooksSecretArn } = readSlackEnvironment();
 * ```
 */
export function readSlackEnvironment(env: Source = process.env): SlackEnvironment {
  const webhooksSecretArn = optional(env, 'SLACK_WEBHOOKS_SECRET_ARN');
  if (webhooksSecretArn === undefined) {
    throw new EnvironmentError('SLACK_WEBHOOKS_SECRET_ARN', 'is not set');
  }
  if (!SECRET_ARN.test(webhooksSecretArn)) {
    throw new EnvironmentError(
      'SLACK_WEBHOOKS_SECRET_ARN',
      `is "${webhooksSecretArn}", not a Secrets Manager secret ARN`,
    );
  }
  const queueUrl = (name: string): string | undefined => {
    const value = optional(env, name);
    if (value !== undefined && !/^https?:\/\/[^\s/]+\/\d{12}\/[\w-]{1,80}(\.fifo)?$/.test(value)) {
      throw new EnvironmentError(name, `is "${value}", not an SQS queue URL`);
    }
    return value;
  };
  const dedupeTableName = optional(env, 'DEDUPE_TABLE_NAME');
  if (dedupeTableName !== undefined && !DYNAMODB_TABLE_NAME.test(dedupeTableName)) {
    throw new EnvironmentError(
      'DEDUPE_TABLE_NAME',
      `is "${dedupeTableName}", not a DynamoDB table name`,
    );
  }
  return {
    webhooksSecretArn,
    dedupeTableName,
    failureQueueUrl: queueUrl('NOTIFY_SLACK_FAILURE_QUEUE_URL'),
    retryQueueUrl: queueUrl('NOTIFY_SLACK_RETRY_QUEUE_URL'),
  };
}

/**
 * `DEDUPE_TABLE_NAME` for enforce-repository: the table holding the remediation lock (one
 * writer per repository). Optional: without it (the CLI), concurrent events in one process
 * still take turns, but separate processes do not.
 *
 * @example
 * ```ts
 * const table = readRemediationLockTable(); // 'ecr-guard-prod-dedupe' or undefined
 * ```
 */
export function readRemediationLockTable(env: Source = process.env): string | undefined {
  return optional(env, 'DEDUPE_TABLE_NAME');
}
