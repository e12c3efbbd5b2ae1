/**
 * The command line of `npm run bench -- --scale` / `--scale-quick`: every figure of the model
 * can be changed; an unknown option or a bad value is refused, naming it.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_AWS_MODEL } from './aws-model.ts';
import { LIST_PRICES } from './cost.ts';
import { DEFAULT_ORGANIZATION, type OrganizationOptions } from './organization.ts';
import type { ScaleOptions } from './run-scale.ts';

/** The CI-sized organization: 200 accounts × 4 regions, 50,000 repositories, one large account. */
export const QUICK_ORGANIZATION: OrganizationOptions = {
  ...DEFAULT_ORGANIZATION,
  accounts: 200,
  repositories: 50_000,
  maxPerAccount: 20_000,
  hardThrottled: { accounts: 2, callsPerSecond: 2 },
};

export const SCALE_USAGE = `npm run bench -- --scale [options]     the default organization (2,000 accounts × 4 regions, ~500,000 repositories)
npm run bench -- --scale-quick [options]   a CI-sized one (200 accounts, 50,000 repositories)

organization   --seed S --accounts N --regions r1,r2 --repositories N --max-per-account N --spread SIGMA
state mix      --missing-immutability SHARE --missing-lifecycle SHARE --missing-scanning SHARE --exempt SHARE
throttling     --hard-throttled N --hard-throttle-rate CALLS_PER_S
AWS model      --latency-ms MS --jitter SHARE --calls-per-second N --burst N --limit-scope account|account-region
Lambda         --account-concurrency N --init-ms MS --window-hours H --shards N
prices (USD)   --price-lambda-requests PER_MILLION --price-lambda-gb-second P --price-sqs-requests PER_MILLION
               --price-dynamodb-writes PER_MILLION --price-dynamodb-reads PER_MILLION --price-logs-gb P`;

/** A command-line value the scale benchmark refuses. */
export class ScaleOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScaleOptionError';
  }
}

function number(
  values: Record<string, unknown>,
  name: string,
  fallback: number,
  check: (n: number) => boolean,
  rule: string,
): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new ScaleOptionError(`--${name} ${String(raw)}: ${rule}`);
  }
  return value;
}

const positive = (n: number): boolean => n > 0;
const whole = (n: number): boolean => Number.isInteger(n) && n >= 1;
const share = (n: number): boolean => n >= 0 && n <= 1;
const nonNegative = (n: number): boolean => n >= 0;

/**
 * Reads the options after `--scale` or `--scale-quick` (those two included).
 *
 * @throws {ScaleOptionError} for an unknown option or a value outside its range.
 * @example
 * ```ts
 * const options = parseScaleOptions(['--scale-quick', '--calls-per-second', '50'], log);
 * ```
 */
export function parseScaleOptions(
  args: readonly string[],
  log: (line: string) => void,
): ScaleOptions & { quick: boolean } {
  const flags = [
    'seed',
    'accounts',
    'regions',
    'repositories',
    'max-per-account',
    'spread',
    'missing-immutability',
    'missing-lifecycle',
    'missing-scanning',
    'exempt',
    'hard-throttled',
    'hard-throttle-rate',
    'latency-ms',
    'jitter',
    'calls-per-second',
    'burst',
    'limit-scope',
    'account-concurrency',
    'init-ms',
    'window-hours',
    'shards',
    'price-lambda-requests',
    'price-lambda-gb-second',
    'price-sqs-requests',
    'price-dynamodb-writes',
    'price-dynamodb-reads',
    'price-logs-gb',
  ] as const;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        scale: { type: 'boolean' },
        'scale-quick': { type: 'boolean' },
        ...Object.fromEntries(flags.map((f) => [f, { type: 'string' as const }])),
      },
    });
  } catch (error) {
    throw new ScaleOptionError(`${(error as Error).message}\n${SCALE_USAGE}`);
  }
  const v = parsed.values as Record<string, unknown>;
  const quick = v['scale-quick'] === true;
  const base = quick ? QUICK_ORGANIZATION : DEFAULT_ORGANIZATION;
  const regions =
    typeof v.regions === 'string' ? v.regions.split(',').map((r) => r.trim()) : base.regions;
  for (const region of regions) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
      throw new ScaleOptionError(`--regions: "${region}" is not an AWS region`);
    }
  }
  const scope = v['limit-scope'] ?? DEFAULT_AWS_MODEL.scope;
  if (scope !== 'account' && scope !== 'account-region') {
    throw new ScaleOptionError(`--limit-scope ${String(scope)}: account or account-region`);
  }
  const callsPerSecond = number(
    v,
    'calls-per-second',
    DEFAULT_AWS_MODEL.callsPerSecond,
    positive,
    'a positive rate',
  );
  const initMs =
    v['init-ms'] === undefined ? undefined : number(v, 'init-ms', 0, nonNegative, 'ms ≥ 0');
  return {
    quick,
    organization: {
      seed: typeof v.seed === 'string' ? v.seed : base.seed,
      accounts: number(v, 'accounts', base.accounts, whole, 'a whole number ≥ 1'),
      regions,
      repositories: number(
        v,
        'repositories',
        base.repositories,
        (n) => Number.isInteger(n) && n >= 0,
        'a whole number',
      ),
      spread: number(v, 'spread', base.spread, nonNegative, 'σ ≥ 0'),
      maxPerAccount: number(v, 'max-per-account', base.maxPerAccount, whole, 'a whole number ≥ 1'),
      mix: {
        missingImmutability: number(
          v,
          'missing-immutability',
          base.mix.missingImmutability,
          share,
          'a share in [0, 1]',
        ),
        missingLifecycle: number(
          v,
          'missing-lifecycle',
          base.mix.missingLifecycle,
          share,
          'a share in [0, 1]',
        ),
        missingScanning: number(
          v,
          'missing-scanning',
          base.mix.missingScanning,
          share,
          'a share in [0, 1]',
        ),
        exempt: number(v, 'exempt', base.mix.exempt, share, 'a share in [0, 1]'),
      },
      hardThrottled: {
        accounts: number(
          v,
          'hard-throttled',
          base.hardThrottled.accounts,
          (n) => Number.isInteger(n) && n >= 0,
          'a whole number',
        ),
        callsPerSecond: number(
          v,
          'hard-throttle-rate',
          base.hardThrottled.callsPerSecond,
          positive,
          'a positive rate',
        ),
      },
    },
    aws: {
      latencyMs: number(v, 'latency-ms', DEFAULT_AWS_MODEL.latencyMs, nonNegative, 'ms ≥ 0'),
      jitter: number(v, 'jitter', DEFAULT_AWS_MODEL.jitter, share, 'a share in [0, 1]'),
      callsPerSecond,
      burst: number(v, 'burst', callsPerSecond, (n) => n >= 1, 'at least 1 call'),
      scope,
    },
    prices: {
      lambdaRequestsPerMillion: number(
        v,
        'price-lambda-requests',
        LIST_PRICES.lambdaRequestsPerMillion,
        nonNegative,
        'USD ≥ 0',
      ),
      lambdaArmGbSecond: number(
        v,
        'price-lambda-gb-second',
        LIST_PRICES.lambdaArmGbSecond,
        nonNegative,
        'USD ≥ 0',
      ),
      sqsRequestsPerMillion: number(
        v,
        'price-sqs-requests',
        LIST_PRICES.sqsRequestsPerMillion,
        nonNegative,
        'USD ≥ 0',
      ),
      dynamodbWritesPerMillion: number(
        v,
        'price-dynamodb-writes',
        LIST_PRICES.dynamodbWritesPerMillion,
        nonNegative,
        'USD ≥ 0',
      ),
      dynamodbReadsPerMillion: number(
        v,
        'price-dynamodb-reads',
        LIST_PRICES.dynamodbReadsPerMillion,
        nonNegative,
        'USD ≥ 0',
      ),
      logsIngestedPerGb: number(
        v,
        'price-logs-gb',
        LIST_PRICES.logsIngestedPerGb,
        nonNegative,
        'USD ≥ 0',
      ),
    },
    accountConcurrency: number(v, 'account-concurrency', 1000, whole, 'a whole number ≥ 1'),
    windowHours: number(v, 'window-hours', 24, positive, 'hours > 0'),
    initMs,
    ...(v.shards === undefined
      ? {}
      : { shards: number(v, 'shards', 1, whole, 'a whole number ≥ 1') }),
    log,
  };
}
