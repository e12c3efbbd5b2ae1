/**
 * The cost of one sweep at public list prices (configurable), each line with its arithmetic.
 * Free tiers are left out: a large organization has spent them on other work.
 */

/** List prices, us-east-1, on-demand (AWS pricing pages for Lambda, SQS, DynamoDB, CloudWatch). */
export interface Prices {
  /** Lambda, per million requests. */
  lambdaRequestsPerMillion: number;
  /** Lambda arm64 duration, per GB-second (first pricing tier). */
  lambdaArmGbSecond: number;
  /** SQS standard queue, per million requests (each 64 KB chunk of a payload is a request). */
  sqsRequestsPerMillion: number;
  /** DynamoDB on-demand, per million write and read request units. */
  dynamodbWritesPerMillion: number;
  dynamodbReadsPerMillion: number;
  /** CloudWatch Logs, per GB ingested (standard class). */
  logsIngestedPerGb: number;
}

export const LIST_PRICES: Prices = {
  lambdaRequestsPerMillion: 0.2,
  lambdaArmGbSecond: 0.0000133334,
  sqsRequestsPerMillion: 0.4,
  dynamodbWritesPerMillion: 0.625,
  dynamodbReadsPerMillion: 0.125,
  logsIngestedPerGb: 0.5,
};

export interface CostInputs {
  invocations: number;
  /** Σ memory (GB) × billed seconds over the invocations. */
  gbSeconds: number;
  /** Each with its count, for the arithmetic. */
  sqs: { sendBatches: number; receives: number; emptyReceives: number; deleteBatches: number };
  dynamodb: { writes: number; reads: number };
  logBytes: number;
}

export interface CostLine {
  item: string;
  arithmetic: string;
  usd: number;
}

function usd(value: number): string {
  return value >= 1 ? `$${value.toFixed(2)}` : `$${value.toFixed(6)}`;
}

function n(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/**
 * The cost lines of one sweep and their total.
 *
 * @example
 * ```ts
 * const { lines, total } = sweepCost(inputs, LIST_PRICES);
 * ```
 */
export function sweepCost(
  inputs: CostInputs,
  prices: Prices,
): { lines: CostLine[]; total: number } {
  const sqsRequests =
    inputs.sqs.sendBatches +
    inputs.sqs.receives +
    inputs.sqs.emptyReceives +
    inputs.sqs.deleteBatches;
  const gb = inputs.logBytes / 1024 ** 3;
  const lines: CostLine[] = [
    {
      item: 'Lambda requests',
      arithmetic: `${n(inputs.invocations)} invocations × ${usd(prices.lambdaRequestsPerMillion)} / 1M`,
      usd: (inputs.invocations * prices.lambdaRequestsPerMillion) / 1e6,
    },
    {
      item: 'Lambda duration (arm64)',
      arithmetic: `${inputs.gbSeconds.toFixed(1)} GB-s × ${usd(prices.lambdaArmGbSecond)}`,
      usd: inputs.gbSeconds * prices.lambdaArmGbSecond,
    },
    {
      item: 'SQS requests',
      arithmetic: `(${n(inputs.sqs.sendBatches)} SendMessageBatch + ${n(inputs.sqs.receives)} ReceiveMessage with messages + ${n(inputs.sqs.emptyReceives)} empty long polls (upper bound) + ${n(inputs.sqs.deleteBatches)} DeleteMessageBatch) = ${n(sqsRequests)} × ${usd(prices.sqsRequestsPerMillion)} / 1M`,
      usd: (sqsRequests * prices.sqsRequestsPerMillion) / 1e6,
    },
    {
      item: 'DynamoDB requests',
      arithmetic: `${n(inputs.dynamodb.writes)} writes × ${usd(prices.dynamodbWritesPerMillion)} / 1M + ${n(inputs.dynamodb.reads)} reads × ${usd(prices.dynamodbReadsPerMillion)} / 1M`,
      usd:
        (inputs.dynamodb.writes * prices.dynamodbWritesPerMillion +
          inputs.dynamodb.reads * prices.dynamodbReadsPerMillion) /
        1e6,
    },
    {
      item: 'CloudWatch Logs ingestion',
      arithmetic: `${gb.toFixed(3)} GB × ${usd(prices.logsIngestedPerGb)}`,
      usd: gb * prices.logsIngestedPerGb,
    },
  ];
  return { lines, total: lines.reduce((sum, line) => sum + line.usd, 0) };
}
