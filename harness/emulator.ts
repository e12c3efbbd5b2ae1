/**
 * Starts and resets the local AWS emulator (moto server) through scripts/aws-emulator.sh,
 * which installs moto on first use. Shared by the integration tests' global setup, the
 * sandbox (`npm start`) and the benchmarks.
 *
 * The script runs in its own process group (it and moto); `stop()` signals the whole group,
 * and the script also stops moto by itself when this process dies without calling it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Absolute path of the script that installs and runs moto. */
export const EMULATOR_SCRIPT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../scripts/aws-emulator.sh',
);

export interface EmulatorOptions {
  /** Port to listen on; default: `MOTO_PORT`, else a free port the script picks. */
  port?: number;
  /** How long to wait for the endpoint, a first-time install included (default 10 min). */
  timeoutMs?: number;
  /** Receives the script's progress lines (install steps, readiness); default: stderr. */
  log?: (line: string) => void;
  /** Extra environment for the script, e.g. `{ ECR_GUARD_MOTO: 'debian' }`. */
  env?: Record<string, string>;
}

export interface Emulator {
  /** Base URL for the AWS SDK's `endpoint`, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  /** Pid of the script, leader of the process group that holds moto. */
  readonly pid: number;
  /** Stops moto and the script; resolves once they are gone. Safe to call twice. */
  stop(): Promise<void>;
}

/** What answers at an endpoint: moto, some other HTTP server, or nothing. */
export type EndpointProbe = 'moto' | 'other' | 'unreachable';

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const STOP_GRACE_MS = 5_000;
const TAIL_LINES = 40;

function defaultLog(line: string): void {
  process.stderr.write(`${line}\n`);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Starts moto on 127.0.0.1 (installing it first when needed) and waits until it answers. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const log = options.log ?? defaultLog;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const args = [EMULATOR_SCRIPT];
  if (options.port !== undefined) args.push('--port', String(options.port));

  const child = spawn('bash', args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const pid = child.pid;
  if (pid === undefined) {
    const [error] = (await once(child, 'error')) as [Error];
    throw new Error(`cannot run ${EMULATOR_SCRIPT}: ${error.message}`, { cause: error });
  }

  const tail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    log(line);
  });

  let closed = false;
  const closedPromise = new Promise<void>((resolveClosed) => {
    child.once('close', () => {
      closed = true;
      resolveClosed();
    });
  });
  const stopOnExit = (): void => signalGroup(pid, 'SIGTERM');
  process.once('exit', stopOnExit);

  const endpoint = await new Promise<string>((resolveEndpoint, reject) => {
    const timer = setTimeout(() => {
      signalGroup(pid, 'SIGKILL');
      reject(
        new Error(`the AWS emulator was not ready within ${timeoutMs} ms:\n${tail.join('\n')}`),
      );
    }, timeoutMs);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const candidate = line.trim();
      if (/^https?:\/\/\S+$/.test(candidate)) {
        clearTimeout(timer);
        resolveEndpoint(candidate);
      }
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `the AWS emulator exited (${signal ?? `status ${code}`}) before it was ready:\n${tail.join('\n')}`,
        ),
      );
    });
  }).catch((error: unknown) => {
    process.off('exit', stopOnExit);
    throw error;
  });

  return {
    endpoint,
    pid,
    async stop(): Promise<void> {
      process.off('exit', stopOnExit);
      if (closed) return;
      signalGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), STOP_GRACE_MS);
      await closedPromise;
      clearTimeout(timer);
    },
  };
}

/** Drops every resource of every account and region: `POST /moto-api/reset`. */
export async function resetEmulator(endpoint: string): Promise<void> {
  const url = new URL('/moto-api/reset', endpoint);
  const response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(10_000) });
  const body = await response.text();
  if (!response.ok) {
    throw new Error(
      `resetting the AWS emulator at ${endpoint} failed: HTTP ${response.status} ${body}`,
    );
  }
}

/** Tells whether moto, another HTTP server or nothing answers at `endpoint`. */
export async function probeEndpoint(endpoint: string, timeoutMs = 2_000): Promise<EndpointProbe> {
  let url: URL;
  try {
    url = new URL('/moto-api/', endpoint);
  } catch {
    return 'unreachable';
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.ok ? 'moto' : 'other';
  } catch {
    return 'unreachable';
  }
}
