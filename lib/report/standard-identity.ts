import { createHash } from 'node:crypto';
import type { Standard } from '#lib/standard/index.ts';
import type { RunHeader } from './sweep-report-schema.ts';

/** What the run header says about the standard in force. */
export type StandardIdentity = RunHeader['standard'];

/** JSON with object keys sorted at every level: one text per value, whatever the key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Identifies the standard a report was made with: its source, the SHA-256 of the effective
 * standard (canonical JSON with the defaults applied, so the CLI reading `ecr-guard.yml` and
 * a function reading the compiled JSON agree), and the SHA-256 of the file's bytes when given.
 *
 * @example
 * ```ts
 * standardIdentity(standard, 'ecr-guard.yml', await readFile('ecr-guard.yml'));
 * // { source: 'ecr-guard.yml', sha256: '3f1c…', fileSha256: '9ab0…' }
 * ```
 */
export function standardIdentity(
  standard: Standard,
  source: string,
  fileBytes?: string | Uint8Array,
): StandardIdentity {
  return {
    source,
    sha256: sha256(canonicalJson(standard)),
    ...(fileBytes === undefined ? {} : { fileSha256: sha256(fileBytes) }),
  };
}
