import { execFile } from 'node:child_process';
import { TEST_CREDENTIALS } from '../../harness/ecr-arrange.ts';

/** The CLI as `npx ecr-guard` runs it. */
export const CLI_BIN = new URL('../../bin/ecr-guard.js', import.meta.url).pathname;

/** What a run of the CLI gave. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `ecr-guard ARGS` in a child process with only `env` (and PATH), stdin given or empty,
 * in `cwd` when given.
 *
 * @example
 * ```ts
 * const { code, stdout } = await runCli(['audit', '--format', 'json'], cliEnvironment(proxy.endpoint, 'us-east-1'));
 * ```
 */
export function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  stdin = '',
  cwd?: string,
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI_BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000, ...(cwd ? { cwd } : {}) },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 99;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin);
  });
}

/**
 * The environment pointing the CLI at the emulator (or its proxy) with the test credentials.
 *
 * @example
 * ```ts
 * const env = cliEnvironment(proxy.endpoint, 'us-east-1');
 * ```
 */
export function cliEnvironment(endpoint: string, region: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
