/**
 * Runs `serverless package` (osls) offline into a folder of its own, and reads what it made:
 * the CloudFormation template and each function's artifact. Shared by the `deploy` project's
 * global setup and the deployment tests.
 *
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where serverless.yml is). */
export const SERVICE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface PackageOptions {
  /** Folder to write the artifacts and templates to (`--package`). */
  outDir: string;
  /** `--param` values, e.g. `{ organizationId: 'o-…' }`. */
  params?: Record<string, string>;
  stage?: string;
  region?: string;
  /**
   * Killed (with its whole process group) after this long. A failed esbuild once left
   * `serverless package` hanging for minutes; a test must not.
   */
  timeoutMs?: number;
}

export interface PackageRun {
  outDir: string;
  durationMs: number;
  output: string;
}

/** `serverless package` failed or timed out; the message carries the end of its output. */
export class ServerlessPackageError extends Error {
  readonly output: string;

  constructor(message: string, output: string) {
    super(`${message}\n${output.split('\n').slice(-40).join('\n')}`);
    this.name = 'ServerlessPackageError';
    this.output = output;
  }
}

/**
 * Packages the service offline: no credentials, no instance metadata, no telemetry, and an
 * esbuild work folder of its own (so a concurrent `npm run package` is not disturbed).
 *
 * @example
 * ```ts
 * const { durationMs } = await packageService({ outDir: '/tmp/pkg', params: { organizationId: 'o-exampleorg1' } });
 * ```
 */
export async function packageService(options: PackageOptions): Promise<PackageRun> {
  const args = ['serverless', 'package', '--package', options.outDir];
  if (options.stage !== undefined) args.push('--stage', options.stage);
  if (options.region !== undefined) args.push('--region', options.region);
  for (const [key, value] of Object.entries(options.params ?? {})) {
    args.push(`--param=${key}=${value}`);
  }
  const workFolder = `.esbuild-test-${randomUUID().slice(0, 8)}`;
  const timeoutMs = options.timeoutMs ?? 180_000;
  const started = performance.now();
  const child = spawn('npx', args, {
    cwd: SERVICE_DIR,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      AWS_EC2_METADATA_DISABLED: 'true',
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      // No credentials at all: packaging must not need AWS.
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      ECR_GUARD_ESBUILD_WORK_FOLDER: workFolder,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const killGroup = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  try {
    const code = await new Promise<number | null>((resolveExit, reject) => {
      const timer = setTimeout(() => {
        killGroup();
        reject(
          new ServerlessPackageError(`serverless package timed out after ${timeoutMs} ms`, output),
        );
      }, timeoutMs);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('close', (exitCode) => {
        clearTimeout(timer);
        resolveExit(exitCode);
      });
    });
    if (code !== 0) {
      throw new ServerlessPackageError(`serverless package exited with status ${code}`, output);
    }
  } finally {
    rmSync(join(SERVICE_DIR, workFolder), { recursive: true, force: true });
  }
  return { outDir: options.outDir, durationMs: performance.now() - started, output };
}

/** A CloudFormation template, loosely typed: tests look into it. */
export interface Template {
  Parameters?: Record<string, { Default?: unknown; AllowedPattern?: string }>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown; Condition?: string }>;
}

export interface Resource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  Properties?: Record<string, unknown>;
}

/** Reads the template `serverless deploy` would update the stack with. */
export function readPackagedTemplate(outDir: string): Template {
  return JSON.parse(
    readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as Template;
}

/** One function's deployment artifact. */
export interface FunctionArtifact {
  name: string;
  zipPath: string;
  zipBytes: number;
  /** The files in the zip and their uncompressed sizes. */
  entries: Map<string, number>;
}

/** Lists the artifacts (`<function>.zip`) of a packaged service, with their contents. */
export function readArtifacts(outDir: string): FunctionArtifact[] {
  return readdirSync(outDir)
    .filter((file) => file.endsWith('.zip'))
    .sort()
    .map((file) => {
      const zipPath = join(outDir, file);
      const listing = execFileSync('unzip', ['-l', zipPath], { encoding: 'utf8' });
      const entries = new Map<string, number>();
      for (const line of listing.split('\n')) {
        const match = /^\s*(\d+)\s+\S+\s+\S+\s+(\S.*)$/.exec(line);
        if (match?.[1] !== undefined && match[2] !== undefined && match[2] !== 'Name') {
          entries.set(match[2], Number(match[1]));
        }
      }
      return {
        name: file.replace(/\.zip$/, ''),
        zipPath,
        zipBytes: statSync(zipPath).size,
        entries,
      };
    });
}

/** Reads one file of an artifact. */
export function readArtifactFile(artifact: FunctionArtifact, path: string): string {
  return execFileSync('unzip', ['-p', artifact.zipPath, path], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}
