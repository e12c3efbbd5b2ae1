/**
 * The sweep under throttling, measured on the emulator through the loopback proxy (25 ms a
 * call): the same non-compliant repositories swept (1) one at a time with no throttling, the
 * baseline; (2) under a brownout, a seeded share of ECR calls answered `ThrottlingException`
 * at random whatever the rate; (3) under a rate limit, a token bucket per second as AWS
 * applies. Each run checks what the sweep reported: every repository reached a verdict, none
 * failed, and none was reported compliant (they all start with every control missing), and
 * the emulator then holds every repository compliant.
 *
 * Shared by `npm run bench` (bench/sweep.ts) and the fault suite
 * (test/integration/faults/brownout.test.ts).
 *
 * @module
 */
import { createClientFactory, SDK_RETRY_BULK } from '#lib/aws/index.ts';
import { createGatewayPool, EcrGateway } from '#lib/controls/index.ts';
import { loadStandard, type Standard } from '#lib/standard/index.ts';
import { sweep } from '#lib/sweep/sweep.ts';
import { type AwsProxy, type FaultResponse, startAwsProxy } from './aws-proxy.ts';
import { arrangeClient, createRepository, useAwsEnvironment } from './ecr-arrange.ts';
import { resetEmulator } from './emulator.ts';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

/** sweep-worker's bounds: 4 repositories in flight per account and region, 64 in all. */
export const WORKER_CONCURRENCY = { perTarget: 4, overall: 64 } as const;

export interface BrownoutOptions {
  /** The emulator (moto) to arrange on and forward to. */
  endpoint: string;
  repositories: number;
  /** Added to every call by the proxy, ms; default 25. */
  delayMs?: number;
  /** Share of ECR calls throttled at random in the brownout; default 0.1. */
  share?: number;
  /** Picks the brownout's throttled calls; default `brownout`. */
  seed?: string;
  /** The rate limit's token bucket; default 20 calls a second, 20 at once. */
  rateLimit?: { perSecond: number; burst: number };
  /** The throttled sweeps' bounds; default {@link WORKER_CONCURRENCY}. */
  concurrency?: { perTarget: number; overall: number };
  /** Skip the rate-limited run (the fault suite's brownout test needs the other two only). */
  skipRateLimit?: boolean;
  log?: (line: string) => void;
}

/** One sweep of the measurement. */
export interface BrownoutRun {
  label: string;
  wallMs: number;
  repositories: number;
  /** Repositories reported with a verdict (a `repository` event). */
  verdicts: number;
  /** Repositories the sweep could not evaluate or fix (`repository-failed`), and targets. */
  failed: number;
  /** Verdicts saying a control is compliant, of repositories that start with none set. */
  compliantUnchecked: number;
  /** Repositories the emulator holds compliant afterwards (an unthrottled audit). */
  compliantAfter: number;
  ecrCalls: number;
  throttled: number;
}

/** The controls the seeded repositories start without: none of them can be compliant unchecked. */
const SEEDED_UNSET: ReadonlySet<string> = new Set(['immutability', 'lifecycle', 'scanning']);

export interface BrownoutResult {
  delayMs: number;
  share: number;
  sequential: BrownoutRun;
  brownout: BrownoutRun;
  rateLimited: BrownoutRun | undefined;
  /** brownout / sequential wall time: the budget is ≤ {@link BROWNOUT_BUDGET}. */
  ratio: number;
}

/** The brownout sweep's budget, as a share of the throttle-free sequential sweep's time. */
export const BROWNOUT_BUDGET = 1.5;

/** A throttling answer as ECR's JSON protocol gives it: HTTP 400 `ThrottlingException`. */
function throttlingAnswer(): FaultResponse {
  return {
    status: 400,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype':
        'ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/',
      'x-amzn-requestid': '3c1c0e4f-6a8b-4d2e-9f70-5b1a2c3d4e5f',
    },
    body: JSON.stringify({
      __type: 'com.amazon.coral.availability#ThrottlingException',
      message: 'Rate exceeded',
    }),
  };
}

/** A seeded uniform [0, 1) sequence (mulberry32 over the seed's FNV-1a hash). */
function seeded(seed: string): () => number {
  let state = 2_166_136_261;
  for (const char of seed) state = Math.imul(state ^ char.charCodeAt(0), 16_777_619);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Fault = (service: string) => FaultResponse | undefined;

/** Every ECR call throttled with probability `share`, whatever the rate. */
function randomThrottling(share: number, seed: string): Fault {
  const next = seeded(seed);
  return (service) => (service === 'ecr' && next() < share ? throttlingAnswer() : undefined);
}

/** ECR calls beyond `perSecond` (a token bucket of `burst`) throttled, as AWS limits a rate. */
function rateLimitThrottling(perSecond: number, burst: number): Fault {
  let tokens = burst;
  let at = performance.now();
  return (service) => {
    if (service !== 'ecr') return undefined;
    const now = performance.now();
    tokens = Math.min(burst, tokens + ((now - at) * perSecond) / 1000);
    at = now;
    if (tokens >= 1) {
      tokens -= 1;
      return undefined;
    }
    return throttlingAnswer();
  };
}

async function arrange(endpoint: string, count: number): Promise<string[]> {
  await resetEmulator(endpoint);
  const ecr = arrangeClient(endpoint, REGION);
  const names = Array.from(
    { length: count },
    (_, i) => `brownout/app-${String(i).padStart(4, '0')}`,
  );
  for (let i = 0; i < names.length; i += 20) {
    await Promise.all(names.slice(i, i + 20).map((name) => createRepository(ecr, name)));
  }
  ecr.destroy();
  return names;
}

/** Repositories compliant on the emulator (the seeded-unset controls), by an audit straight to it. */
async function compliantOnEmulator(endpoint: string, standard: Standard): Promise<number> {
  const client = arrangeClient(endpoint, REGION);
  const gateway = new EcrGateway({ client, account: ACCOUNT, region: REGION });
  let compliant = 0;
  for await (const event of sweep(
    { targets: [{ account: ACCOUNT, region: REGION }], dryRun: true },
    { gatewayFor: () => gateway, standard, now: () => new Date() },
  )) {
    // The controls the sweep fixed: the checklist's report-only ones judge names and tags the
    // seeding chose, not the brownout.
    if (
      event.type === 'repository' &&
      event.report.controls
        .filter((c) => SEEDED_UNSET.has(c.control))
        .every((c) => c.status === 'compliant')
    ) {
      compliant += 1;
    }
  }
  client.destroy();
  return compliant;
}

async function timedRun(
  label: string,
  context: { endpoint: string; proxy: AwsProxy; standard: Standard; count: number },
  concurrency: { perTarget: number; overall: number },
  setFault: (fault: Fault | undefined) => void,
  fault: Fault | undefined,
): Promise<BrownoutRun> {
  await arrange(context.endpoint, context.count);
  // A new factory per run, as sweep-worker's containers start: no rate learnt before.
  const gateways = createGatewayPool(createClientFactory({ retry: SDK_RETRY_BULK }));
  context.proxy.clear();
  let throttled = 0;
  setFault(
    fault === undefined
      ? undefined
      : (service) => {
          const answer = fault(service);
          if (answer !== undefined) throttled += 1;
          return answer;
        },
  );
  let verdicts = 0;
  let failed = 0;
  let compliantUnchecked = 0;
  const started = performance.now();
  try {
    for await (const event of sweep(
      { targets: [{ account: ACCOUNT, region: REGION }], dryRun: false, concurrency },
      {
        gatewayFor: (t) => gateways.ecrGateway(t),
        standard: context.standard,
        now: () => new Date(),
      },
    )) {
      if (event.type === 'repository') {
        verdicts += 1;
        const unset = event.report.controls.filter((c) => SEEDED_UNSET.has(c.control));
        if (unset.some((c) => c.status === 'compliant')) compliantUnchecked += 1;
      }
      if (event.type === 'repository-failed' || event.type === 'target-failed') failed += 1;
    }
  } finally {
    setFault(undefined);
  }
  const wallMs = Math.round(performance.now() - started);
  return {
    label,
    wallMs,
    repositories: context.count,
    verdicts,
    failed,
    compliantUnchecked,
    compliantAfter: await compliantOnEmulator(context.endpoint, context.standard),
    ecrCalls: context.proxy.operations({ service: 'ecr' }).length,
    throttled,
  };
}

/**
 * Runs the three sweeps (see the module) and returns their figures.
 *
 * @example
 * ```ts
 * const { ratio, brownout } = await measureBrownout({ endpoint, repositories: 120 });
 * ```
 */
export async function measureBrownout(options: BrownoutOptions): Promise<BrownoutResult> {
  const delayMs = options.delayMs ?? 25;
  const share = options.share ?? 0.1;
  const log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? WORKER_CONCURRENCY;
  let current: Fault | undefined;
  const proxy = await startAwsProxy({
    target: options.endpoint,
    delayMs,
    fault: (call) => current?.(call.service),
  });
  const saved = { ...process.env };
  useAwsEnvironment(proxy.endpoint, REGION, {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const setFault = (fault: Fault | undefined): void => {
    current = fault;
  };
  try {
    const standard = await loadStandard();
    const context = { endpoint: options.endpoint, proxy, standard, count: options.repositories };
    log(
      `  brownout: ${options.repositories} non-compliant repositories, sequential, no throttling…`,
    );
    const sequential = await timedRun(
      'sequential, no throttling',
      context,
      { perTarget: 1, overall: 1 },
      setFault,
      undefined,
    );
    log(`  brownout: ${Math.round(share * 100)} % of ECR calls throttled at random…`);
    const brownout = await timedRun(
      `${Math.round(share * 100)} % throttled at random`,
      context,
      concurrency,
      setFault,
      randomThrottling(share, options.seed ?? 'brownout'),
    );
    const limit = options.rateLimit ?? { perSecond: 20, burst: 20 };
    let rateLimited: BrownoutRun | undefined;
    if (options.skipRateLimit !== true) {
      log(`  brownout: a rate limit of ${limit.perSecond} ECR calls a second…`);
      rateLimited = await timedRun(
        `rate limit ${limit.perSecond}/s`,
        context,
        concurrency,
        setFault,
        rateLimitThrottling(limit.perSecond, limit.burst),
      );
    }
    return {
      delayMs,
      share,
      sequential,
      brownout,
      rateLimited,
      ratio: Math.round((brownout.wallMs / Math.max(1, sequential.wallMs)) * 1000) / 1000,
    };
  } finally {
    for (const key of Object.keys(process.env)) {
      if (!(key in saved)) delete process.env[key];
    }
    Object.assign(process.env, saved);
    await proxy.close();
  }
}
