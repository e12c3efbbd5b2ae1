import { readFile } from 'node:fs/promises';

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, violations: 1, error: 2 } as const;

/** A problem with what the user asked for: printed as one line, exit code 2. */
export class CliError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** Where a command reads and writes; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (progress is then a bar redrawn in place). */
  stderrIsTerminal?: boolean;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () => readAll(process.stdin),
    env: process.env,
    stderrIsTerminal: process.stderr.isTTY === true,
  };
}

/**
 * Reads a command's input: a file path, or `-` for standard input.
 *
 * @example
 * ```ts
 * const text = await readInput('event.json', io);
 * ```
 */
export async function readInput(path: string | undefined, io: CliIo): Promise<string> {
  if (path === undefined) throw new CliError('missing input: give a file path, or - for stdin');
  if (path === '-') return io.readStdin();
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new CliError(`cannot read ${path}: ${reason}`, { cause: error });
  }
}

/** JSON as the commands print it. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
