/**
 * Cold start of a function on this machine: the time a fresh Node process takes to import
 * the bundled handler module, minus the time a fresh process takes to import nothing
 * (median of several runs each); and the CPU time the import takes inside the process, which
 * a loaded machine inflates less than the wall time.
 */
import { spawnSync } from 'node:child_process';
import type { PackagedFunction } from './package-functions.ts';
import { median } from './results.ts';

interface Timing {
  wallMs: number;
  /** CPU time (user and system) of the import, measured inside the process. */
  cpuMs: number;
}

function timeImport(fn: PackagedFunction, moduleUrl: string | undefined): Timing {
  const script =
    moduleUrl === undefined
      ? ''
      : `const c = process.cpuUsage(); await import(${JSON.stringify(moduleUrl)}); const u = process.cpuUsage(c); console.log((u.user + u.system) / 1000);`;
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fn.root,
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'sample',
      AWS_SECRET_ACCESS_KEY: 'sample',
      AWS_LAMBDA_FUNCTION_NAME: `ecr-guard-${fn.name}`,
      ...fn.environment,
      // The Lambda runtime passes these; source maps are only read when an error is printed.
      NODE_OPTIONS: '',
    },
    encoding: 'utf8',
  });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(
      `importing ${fn.name} failed: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
    );
  }
  return { wallMs: elapsedMs, cpuMs: Number(result.stdout.trim().split('\n').pop() ?? 0) };
}

/** Module init of one function: wall time over a bare start, CPU time, the bare start. */
export interface ColdStart {
  wallMs: number;
  cpuMs: number;
  baselineMs: number;
}

/**
 * Measures the module-init time of one packaged function, in ms.
 *
 * @example
 * ```ts
 * const { wallMs, cpuMs } = measureColdStart(fn, 9);
 * ```
 */
export function measureColdStart(fn: PackagedFunction, runs: number): ColdStart {
  const url = new URL(`file://${fn.handlerModule}`).href;
  const baseline: number[] = [];
  const withModule: number[] = [];
  const cpu: number[] = [];
  timeImport(fn, url); // warms the file cache, as a deployed function's disk would be
  for (let i = 0; i < runs; i++) {
    baseline.push(timeImport(fn, undefined).wallMs);
    const timing = timeImport(fn, url);
    withModule.push(timing.wallMs);
    cpu.push(timing.cpuMs);
  }
  return {
    wallMs: Math.max(0, median(withModule) - median(baseline)),
    cpuMs: median(cpu),
    baselineMs: median(baseline),
  };
}
