/**
 * The values ecr-guard's environment variables hold, each checked once, here: every function's
 * environment schema is built from these. A problem reads as the end of the sentence
 * "environment variable NAME …".
 *
 * @module
 */
import * as z from 'zod';

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PARTITION = /^aws(-[a-z]+)*$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[\w-]{1,256}(\.fifo)?$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z]{2}(-[a-z]+)+-\d:\d{12}:secret:.+$/;
const DYNAMODB_TABLE_NAME = /^[\w.-]{3,255}$/;
const FUNCTION_NAME = /^[\w-]{1,64}$/;
/** `https://sqs.REGION.amazonaws.com/ACCOUNT/NAME` (any host: the emulator's too). */
const SQS_QUEUE_URL = /^https?:\/\/[^\s/]+\/\d{12}\/[\w-]{1,80}(\.fifo)?$/;

/** A required variable whose (trimmed) value matches `re`. */
function matching(re: RegExp, what: string) {
  return z
    .string({ error: 'is not set' })
    .trim()
    .min(1, 'is not set')
    .regex(re, { error: (issue) => `is "${String(issue.input)}", ${what}` });
}

/** The same variable, optional: unset or empty is `undefined`. */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema.optional(),
  );
}

/** A comma-separated list matching `re` item by item; unset or empty is `[]`; no duplicates. */
function commaList(re: RegExp, what: string) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return [];
      const items = value.split(',').map((item) => item.trim());
      const bad = items.filter((item) => !re.test(item));
      if (bad.length > 0) {
        ctx.issues.push({
          code: 'custom',
          input: value,
          message: `lists ${bad.map((item) => `"${item}"`).join(', ')}, ${what}`,
        });
        return z.NEVER;
      }
      return [...new Set(items)];
    });
}

export const AccountId = matching(ACCOUNT_ID, 'not a 12-digit account id');
export const Region = matching(REGION, 'which is not an AWS region');
export const RoleName = matching(ROLE_NAME, 'not an IAM role name');
export const Partition = matching(PARTITION, 'not an AWS partition');
export const SnsTopicArn = matching(SNS_TOPIC_ARN, 'not an SNS topic ARN');
export const SecretArn = matching(SECRET_ARN, 'not a Secrets Manager secret ARN');
export const TableName = matching(DYNAMODB_TABLE_NAME, 'not a DynamoDB table name');
export const FunctionName = matching(FUNCTION_NAME, 'not a Lambda function name');
export const QueueUrl = matching(SQS_QUEUE_URL, 'not an SQS queue URL');
/** Any text (a path, a URL); only required to be set. */
export const Text = z.string({ error: 'is not set' }).trim().min(1, 'is not set');

export const AccountIds = commaList(ACCOUNT_ID, 'not 12-digit account ids');
export const Regions = commaList(REGION, 'which is not an AWS region');
export const IamRoleArns = commaList(IAM_ROLE_ARN, 'not IAM role ARNs');

/** One of `values`; `fallback` when unset. */
export function oneOf<const V extends string>(values: readonly [V, ...V[]], fallback: V) {
  return optional(
    z
      .string()
      .trim()
      .refine((value) => (values as readonly string[]).includes(value), {
        error: (issue) => `is "${String(issue.input)}", not ${values.join(' or ')}`,
      }),
  ).transform((value) => (value ?? fallback) as V);
}

/** A whole number within [min, max] (`unit` names what it counts); `fallback` when unset. */
export function wholeNumber(min: number, max: number, unit: string, fallback: number) {
  return optional(
    z
      .string()
      .trim()
      .refine((value) => /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max, {
        error: (issue) =>
          `is "${String(issue.input)}", not a whole number of ${unit} ${min}–${max}`,
      }),
  ).transform((value) => (value === undefined ? fallback : Number(value)));
}
