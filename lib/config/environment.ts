/**
 * The only module that reads `process.env`. Every function's environment is one zod schema
 * built from the shared primitives (`primitives.ts`); everything else receives the values.
 *
 * @module
 */
import * as z from 'zod';
import { EnvironmentError } from './errors.ts';
import {
  AccountId,
  AccountIds,
  FunctionName,
  IamRoleArns,
  oneOf,
  optional,
  Partition,
  QueueUrl,
  Region,
  Regions,
  RoleName,
  SecretArn,
  SnsTopicArn,
  TableName,
  Text,
  wholeNumber,
} from './primitives.ts';

export { EnvironmentError } from './errors.ts';

type Source = Readonly<Record<string, string | undefined>>;

/**
 * Parses the variables with `schema`; the first problem becomes an {@link EnvironmentError}
 * naming its variable.
 */
function readVariables<S extends z.ZodType>(schema: S, env: Source): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  throw new EnvironmentError(
    String(issue?.path[0] ?? 'AWS_REGION'),
    issue?.message ?? 'is invalid',
    {
      cause: result.error,
    },
  );
}

/** Lambda sets `AWS_REGION`; the SDK's tools also know `AWS_DEFAULT_REGION`. */
function withRegion(env: Source): Source {
  const region = env.AWS_REGION?.trim();
  return region === undefined || region === ''
    ? { ...env, AWS_REGION: env.AWS_DEFAULT_REGION }
    : env;
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
  /**
   * `ECR_GUARD_OWN_ROLE_ARNS`, comma-separated: the exact ARNs of the central functions' roles
   * that write to ECR (serverless.yml sets them). Their CloudTrail calls are ecr-guard's own.
   * Empty when unset (the CLI acts with a person's credentials).
   */
  ownRoleArns: string[];
  /**
   * `AWS_LAMBDA_FUNCTION_NAME` (Lambda sets it): the source identity of the sessions the
   * function opens in member accounts, so their CloudTrail names the function and its stage.
   */
  functionName: string | undefined;
}

const AllowedAccounts = z
  .string({
    error:
      'is not set (with ECR_GUARD_ACCOUNT_ID it must be "organization" or account ids, comma-separated)',
  })
  .trim()
  .min(
    1,
    'is not set (with ECR_GUARD_ACCOUNT_ID it must be "organization" or account ids, comma-separated)',
  )
  .transform((value, ctx): 'organization' | string[] => {
    if (value === 'organization') return value;
    const ids = AccountIds.safeParse(value);
    if (ids.success) return ids.data;
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: `${ids.error.issues[0]?.message ?? 'is invalid'} (or set it to "organization")`,
    });
    return z.NEVER;
  });

const CrossAccountVariables = z.object({
  ECR_GUARD_ACCOUNT_ID: AccountId,
  ECR_GUARD_ALLOWED_ACCOUNTS: AllowedAccounts,
  ECR_GUARD_MEMBER_ROLE_NAME: optional(RoleName),
  ECR_GUARD_PARTITION: optional(Partition),
});

const BaseVariables = z.object({
  AWS_REGION: Region,
  ECR_GUARD_CONFIG: optional(Text),
  AWS_ENDPOINT_URL: optional(Text),
  ECR_GUARD_ACCOUNT_ID: optional(z.string()),
  ECR_GUARD_OWN_ROLE_ARNS: IamRoleArns,
  AWS_LAMBDA_FUNCTION_NAME: optional(FunctionName),
});

/**
 * Reads and checks the environment every function shares. Fails fast, naming the variable.
 *
 * @example
 * ```ts
 * const { region } = readEnvironment(); // throws EnvironmentError when AWS_REGION is unset
 * ```
 */
export function readEnvironment(env: Source = process.env): Environment {
  const base = readVariables(BaseVariables, withRegion(env));
  let crossAccount: CrossAccountEnvironment | undefined;
  if (base.ECR_GUARD_ACCOUNT_ID !== undefined) {
    const cross = readVariables(CrossAccountVariables, env);
    crossAccount = {
      centralAccount: cross.ECR_GUARD_ACCOUNT_ID,
      allowedAccounts: cross.ECR_GUARD_ALLOWED_ACCOUNTS,
      memberRoleName: cross.ECR_GUARD_MEMBER_ROLE_NAME ?? 'ecr-guard-remediation',
      partition: cross.ECR_GUARD_PARTITION ?? 'aws',
    };
  }
  return {
    region: base.AWS_REGION,
    configPath: base.ECR_GUARD_CONFIG,
    endpointUrl: base.AWS_ENDPOINT_URL,
    crossAccount,
    ownRoleArns: base.ECR_GUARD_OWN_ROLE_ARNS,
    functionName: base.AWS_LAMBDA_FUNCTION_NAME,
  };
}

/**
 * `ECR_GUARD_OWN_ROLE_ARNS`: the exact role ARNs whose calls are ecr-guard's own (see
 * {@link Environment.ownRoleArns}); `[]` when unset.
 *
 * @example
 * ```ts
 * readOwnRoleArns(); // ['arn:aws:iam::111111111111:role/ecr-guard-prod-eu-west-1-enforce-repository', …]
 * ```
 */
export function readOwnRoleArns(env: Source = process.env): string[] {
  return readVariables(z.object({ ECR_GUARD_OWN_ROLE_ARNS: IamRoleArns }), env)
    .ECR_GUARD_OWN_ROLE_ARNS;
}

/** The scheduled sweep's settings (`functions/sweep.ts`, `functions/sweep-worker.ts`). */
export interface SweepEnvironment {
  /**
   * `ECR_GUARD_SWEEP_REGIONS`, comma-separated: the regions the member stacks cover (the stack
   * sets the `sweepRegions` parameter). No default: `[]` when unset, which the schedule refuses
   * (a sweep of its own region alone would leave the others unswept without a word).
   */
  regions: string[];
  /** `ECR_GUARD_SWEEP_QUEUE_URL`: where `sweep` sends one message per (account, region). */
  queueUrl: string | undefined;
  /** `ECR_GUARD_SWEEP_MODE`: `enforce` (default) remediates, `audit` only reports. */
  mode: 'enforce' | 'audit';
  /**
   * `ECR_GUARD_SWEEP_SECURITY_HUB`: `true` imports each swept account and region's results
   * into Security Hub (ASFF findings); default `false`.
   */
  securityHub: boolean;
}

const SweepVariables = z.object({
  AWS_REGION: Region,
  ECR_GUARD_SWEEP_REGIONS: Regions,
  ECR_GUARD_SWEEP_QUEUE_URL: optional(Text),
  ECR_GUARD_SWEEP_MODE: oneOf(['enforce', 'audit'], 'enforce'),
  ECR_GUARD_SWEEP_SECURITY_HUB: oneOf(['true', 'false'], 'false'),
});

/**
 * Reads the sweep's variables; `AWS_REGION` as in {@link readEnvironment}.
 *
 * @example
 * ```ts
 * const { regions, queueUrl } = readSweepEnvironment(); // regions: ['eu-west-1', 'us-east-1']
 * ```
 */
export function readSweepEnvironment(env: Source = process.env): SweepEnvironment {
  const sweep = readVariables(SweepVariables, withRegion(env));
  return {
    regions: sweep.ECR_GUARD_SWEEP_REGIONS,
    queueUrl: sweep.ECR_GUARD_SWEEP_QUEUE_URL,
    mode: sweep.ECR_GUARD_SWEEP_MODE,
    securityHub: sweep.ECR_GUARD_SWEEP_SECURITY_HUB === 'true',
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

const AlertingVariables = z.object({
  ALERTS_TOPIC_ARN: SnsTopicArn,
  DEDUPE_TABLE_NAME: TableName,
  DEDUPE_TTL_DAYS: wholeNumber(1, 365, 'days', 7),
  DEDUPE_LEASE_SECONDS: wholeNumber(1, 900, 'seconds', 30),
});

/**
 * Reads the variables of `report-findings`. Fails fast, naming the variable.
 *
 * @example
 * ```ts
 * const { alertsTopicArn, dedupeTableName, dedupeTtlDays } = readAlertingEnvironment();
 * ```
 */
export function readAlertingEnvironment(env: Source = process.env): AlertingEnvironment {
  const alerting = readVariables(AlertingVariables, env);
  return {
    alertsTopicArn: alerting.ALERTS_TOPIC_ARN,
    dedupeTableName: alerting.DEDUPE_TABLE_NAME,
    dedupeTtlDays: alerting.DEDUPE_TTL_DAYS,
    dedupeLeaseSeconds: alerting.DEDUPE_LEASE_SECONDS,
  };
}

/** What `notify-slack` reads its webhooks from, and where it records and parks alerts. */
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

const SlackVariables = z.object({
  SLACK_WEBHOOKS_SECRET_ARN: SecretArn,
  DEDUPE_TABLE_NAME: optional(TableName),
  NOTIFY_SLACK_FAILURE_QUEUE_URL: optional(QueueUrl),
  NOTIFY_SLACK_RETRY_QUEUE_URL: optional(QueueUrl),
});

/**
 * Reads the variables of `notify-slack`. Fails fast, naming the variable.
 *
 * @example
 * ```ts
 * const { webhooksSecretArn } = readSlackEnvironment();
 * ```
 */
export function readSlackEnvironment(env: Source = process.env): SlackEnvironment {
  const slack = readVariables(SlackVariables, env);
  return {
    webhooksSecretArn: slack.SLACK_WEBHOOKS_SECRET_ARN,
    dedupeTableName: slack.DEDUPE_TABLE_NAME,
    failureQueueUrl: slack.NOTIFY_SLACK_FAILURE_QUEUE_URL,
    retryQueueUrl: slack.NOTIFY_SLACK_RETRY_QUEUE_URL,
  };
}

/**
 * `DEDUPE_TABLE_NAME` for enforce-repository and sweep-worker: the table holding the
 * remediation lock (one writer per repository, events and sweeps alike). Optional: without it
 * (the CLI), concurrent enforcements in one process still take turns, but separate processes
 * do not.
 *
 * @example
 * ```ts
 * const table = readRemediationLockTable(); // 'ecr-guard-prod-dedupe' or undefined
 * ```
 */
export function readRemediationLockTable(env: Source = process.env): string | undefined {
  return readVariables(z.object({ DEDUPE_TABLE_NAME: optional(TableName) }), env).DEDUPE_TABLE_NAME;
}

/** Where enforce-repository and sweep-worker send their notices (each optional). */
export interface NoticeEnvironment {
  /** `ALERTS_TOPIC_ARN`: the topic notices are published on; without it, none is sent. */
  alertsTopicArn: string | undefined;
  /** `DEDUPE_TABLE_NAME`: where each repository's notices are recorded (dedupe, interval, drift count). */
  dedupeTableName: string | undefined;
  /** `ECR_GUARD_NOTICE_FAILURE_QUEUE_URL`: where a notice that could not be published is kept. */
  failureQueueUrl: string | undefined;
}

const NoticeVariables = z.object({
  ALERTS_TOPIC_ARN: optional(SnsTopicArn),
  DEDUPE_TABLE_NAME: optional(TableName),
  ECR_GUARD_NOTICE_FAILURE_QUEUE_URL: optional(QueueUrl),
});

/**
 * Reads where notices go. Fails fast, naming a variable that is set but invalid.
 *
 * @example
 * ```ts
 * const { alertsTopicArn } = readNoticeEnvironment(); // undefined: notices are not sent
 * ```
 */
export function readNoticeEnvironment(env: Source = process.env): NoticeEnvironment {
  const notices = readVariables(NoticeVariables, env);
  return {
    alertsTopicArn: notices.ALERTS_TOPIC_ARN,
    dedupeTableName: notices.DEDUPE_TABLE_NAME,
    failureQueueUrl: notices.ECR_GUARD_NOTICE_FAILURE_QUEUE_URL,
  };
}
