/**
 * Runs a Lambda handler in a child process, the way one Lambda container runs it, so that a
 * test can kill it in the middle of a call (SIGKILL: no `finally`, no `catch`, nothing given
 * back — what happens when a function times out, runs out of memory or loses its host).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVICE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD_MAIN = resolve(dirname(fileURLToPath(import.meta.url)), 'handler-child-main.ts');

/** How the child ended: the handler's outcome, or the signal that killed it. */
export type ChildOutcome =
  | { status: 'returned'; result: unknown; output: string }
  | { status: 'threw'; error: { name: string; message: string }; output: string }
  | { status: 'killed'; signal: NodeJS.Signals | null; code: number | null; output: string };

export interface ChildInvocation {
  /** Settles when the child has exited, however. */
  readonly done: Promise<ChildOutcome>;
  /** Kills the child at once (SIGKILL). */
  kill(): void;
}

/**
 * Starts `node --import tsx` on the handler module with `environment` (added to this
 * process's), feeds it `event`, and reports how it ended.
 *
 * @example
 * ```ts
 * const child = invokeInChild('functions/report-findings.ts', event);
 * await publishSeen;
 * child.kill();
 * expect((await child.done).status).toBe('killed');
 * ```
 */
export function invokeInChild(
  modulePath: string,
  event: unknown,
  environment: Record<string, string> = {},
): ChildInvocation {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD_MAIN, modulePath, 'ecr-guard-child'],
    {
      cwd: SERVICE_DIR,
      env: { ...process.env, ...environment },
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let outcomeLine = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const fd3 = child.stdio[3];
  if (fd3 !== null && fd3 !== undefined && 'on' in fd3) {
    fd3.on('data', (chunk: Buffer) => {
      outcomeLine += chunk.toString('utf8');
    });
  }
  child.stdin?.end(JSON.stringify(event));
  const done = new Promise<ChildOutcome>((resolveDone, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (outcomeLine.trim() === '') {
        resolveDone({ status: 'killed', signal, code, output });
        return;
      }
      const parsed = JSON.parse(outcomeLine) as
        | { result: unknown }
        | { error: { name: string; message: string } };
      resolveDone(
        'result' in parsed
          ? { status: 'returned', result: parsed.result, output }
          : { status: 'threw', error: parsed.error, output },
      );
    });
  });
  return {
    done,
    kill() {
      child.kill('SIGKILL');
    },
  };
}
