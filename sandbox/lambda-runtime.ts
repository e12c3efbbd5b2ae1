/**
 * Runs the real handlers (`functions/*.ts`) in this process the way Lambda runs them: each
 * module is imported (its cold start) with the environment its function is deployed with,
 * and each invocation runs with that environment again, its log lines captured.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { SandboxFunction } from './template-provisioner.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** A function whose module is loaded, ready to invoke. */
export interface LoadedFunction {
  fn: SandboxFunction;
  /** The environment it runs with (the template's, resolved, plus the runtime's). */
  environment: Record<string, string | undefined>;
  /** How long importing the module took (its cold start, in this process). */
  initMs: number;
  invoke(event: unknown): Promise<InvocationOutcome>;
}

export type InvocationOutcome =
  | { status: 'succeeded'; response: unknown; output: string[]; durationMs: number }
  | { status: 'failed'; error: Error; output: string[]; durationMs: number };

export interface RuntimeOptions {
  /** The folder of serverless.yml: handler modules and relative paths are read from there. */
  serviceDir: string;
  /**
   * What Lambda and the emulator add to every function's environment (region, endpoint,
   * keys); `undefined` removes a variable of this process (a profile, a session token).
   */
  runtimeEnvironment: Record<string, string | undefined>;
  /** `POWERTOOLS_LOG_LEVEL` for every function (the template's own when undefined). */
  logLevel: string | undefined;
}

/** Variables of the template that are the Lambda runtime's business, not the handler's. */
const RUNTIME_ONLY = new Set(['NODE_OPTIONS']);

/** Sets `variables` in `process.env` while `work` runs, then puts back what was there. */
async function withEnvironment<T>(
  variables: Record<string, string | undefined>,
  work: () => Promise<T>,
): Promise<T> {
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(variables)) {
    saved.set(name, process.env[name]);
    // Assigning undefined to process.env would set the text "undefined".
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return await work();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * Captures what is written to stdout and stderr while `work` runs (the function's log lines
 * and metrics), as CloudWatch Logs would.
 */
async function capturingOutput<T>(work: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const chunks: string[] = [];
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  const capture = (chunk: unknown, ...rest: unknown[]): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
    const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    const value = await work();
    return {
      value,
      lines: chunks
        .join('')
        .split('\n')
        .filter((l) => l !== ''),
    };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}

function lambdaContext(fn: SandboxFunction): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: fn.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.functionName}`,
    logStreamName: `sandbox/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, 900_000 - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The environment a function runs with: the template's variables, resolved, with relative
 * file paths (the standard) read from the service folder as from the Lambda task root.
 */
export function functionEnvironment(
  fn: SandboxFunction,
  options: RuntimeOptions,
): Record<string, string | undefined> {
  const own = Object.fromEntries(
    Object.entries(fn.environment).filter(([name]) => !RUNTIME_ONLY.has(name)),
  );
  const config = own.ECR_GUARD_CONFIG;
  if (config !== undefined && !isAbsolute(config)) {
    own.ECR_GUARD_CONFIG = join(options.serviceDir, config);
  }
  if (options.logLevel !== undefined) own.POWERTOOLS_LOG_LEVEL = options.logLevel;
  return {
    ...options.runtimeEnvironment,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    ...own,
  };
}

/**
 * Imports a function's handler module with its environment, as a cold start would.
 *
 * @example
 * ```ts
 * const loaded = await loadFunction(stack.functions.get('enforce-repository'), options);
 * const outcome = await loaded.invoke(event);
 * ```
 */
export async function loadFunction(
  fn: SandboxFunction,
  options: RuntimeOptions,
): Promise<LoadedFunction> {
  const environment = functionEnvironment(fn, options);
  const url = pathToFileURL(join(options.serviceDir, fn.module)).href;
  const started = performance.now();
  const module = await withEnvironment(
    environment,
    () => import(url) as Promise<Record<string, unknown>>,
  ).catch((error: unknown) => {
    throw new Error(
      `${fn.name}: its module ${fn.module} failed to load (cold start): ${(error as Error).message}`,
      { cause: error },
    );
  });
  const initMs = performance.now() - started;
  const handler = module[fn.exportName];
  if (typeof handler !== 'function') {
    throw new Error(`${fn.module} exports no function ${fn.exportName}`);
  }
  return {
    fn,
    environment,
    initMs,
    async invoke(event: unknown): Promise<InvocationOutcome> {
      const began = performance.now();
      const { value, lines } = await capturingOutput(() =>
        withEnvironment(environment, async () => {
          try {
            return {
              ok: true as const,
              response: await (handler as Handler)(event, lambdaContext(fn)),
            };
          } catch (error) {
            return {
              ok: false as const,
              error: error instanceof Error ? error : new Error(String(error)),
            };
          }
        }),
      );
      const durationMs = performance.now() - began;
      return value.ok
        ? { status: 'succeeded', response: value.response, output: lines, durationMs }
        : { status: 'failed', error: value.error, output: lines, durationMs };
    },
  };
}
