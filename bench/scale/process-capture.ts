/**
 * What a simulated Lambda sees of its process: the environment Lambda gives it (its role's
 * credentials, its region), and its output, which goes to CloudWatch Logs: counted (for its
 * cost), not printed.
 */

/** Sets environment variables (`undefined` deletes one); returns what restores them. */
export function withEnvironment(values: Record<string, string | undefined>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(values)) {
    saved.set(key, process.env[key]);
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** The functions' own role in the central account, as Lambda hands it over (environment). */
export function lambdaCredentials(
  accessKeyId: string,
  region: string,
): Record<string, string | undefined> {
  return {
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEEXAMPLEsessiontoken',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_PROFILE: undefined,
    AWS_ENDPOINT_URL: undefined,
    // No shared configuration files: the SDK reads nothing of this machine's.
    AWS_CONFIG_FILE: '/nonexistent/ecr-guard-scale/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/ecr-guard-scale/credentials',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_DEV: undefined,
  };
}

/** Output captured while simulated functions run. */
export interface CapturedOutput {
  /** Bytes the functions wrote (stdout and stderr): what CloudWatch Logs would ingest. */
  readonly bytes: number;
  /** Writes a line of the benchmark's own to the real stderr. */
  say(line: string): void;
  restore(): void;
}

/**
 * Replaces `process.stdout.write` and `process.stderr.write` with counters until `restore()`.
 *
 * @example
 * ```ts
 * const output = captureOutput();
 * try { await simulate(); } finally { output.restore(); }
 * output.bytes; // what the functions logged
 * ```
 */
export function captureOutput(): CapturedOutput {
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  let bytes = 0;
  const count = ((chunk: string | Uint8Array): boolean => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = count;
  process.stderr.write = count;
  return {
    get bytes() {
      return bytes;
    },
    say(line: string): void {
      stderr(`${line}\n`);
    },
    restore(): void {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    },
  };
}
