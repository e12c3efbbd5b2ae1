/**
 * Captures what the code under test writes to stdout and stderr: Powertools Logger's JSON
 * lines (its `Console` writes INFO to stdout, WARN and ERROR to stderr) and EMF records.
 */
import { vi } from 'vitest';

/** One parsed JSON log line (Powertools: `level`, `message`, and the extra keys). */
export type LogEntry = Record<string, unknown> & { level?: string; message?: string };

export interface CapturedLogs {
  /** Every chunk written, as text, in order. */
  readonly lines: string[];
  /** The chunks that are JSON objects, parsed. */
  entries(): LogEntry[];
  /** Everything written, joined: to search for a secret. */
  text(): string;
  /** Puts stdout and stderr back; safe to call twice. */
  restore(): void;
}

/**
 * Starts capturing stdout and stderr (nothing reaches the terminal until `restore`). Set
 * `POWERTOOLS_LOG_LEVEL` before the handler module is imported: the logger reads it once.
 *
 * @example
 * ```ts
 * const logs = captureLogs();
 * try { await handler(event, context); } finally { logs.restore(); }
 * expect(logs.entries().some((e) => e.message === 'invalid event dropped')).toBe(true);
 * ```
 */
export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  const record = (chunk: unknown): boolean => {
    lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(record);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(record);
  let restored = false;
  return {
    lines,
    entries() {
      const entries: LogEntry[] = [];
      for (const chunk of lines) {
        for (const line of chunk.split('\n')) {
          if (!line.startsWith('{')) continue;
          try {
            entries.push(JSON.parse(line) as LogEntry);
          } catch {
            // Not a JSON line: kept in `lines` only.
          }
        }
      }
      return entries;
    },
    text: () => lines.join(''),
    restore() {
      if (restored) return;
      restored = true;
      out.mockRestore();
      err.mockRestore();
    },
  };
}
