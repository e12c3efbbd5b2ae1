/**
 * Reads `ecr-guard.yml` into the effective {@link Standard}: YAML → zod (defaults applied) →
 * every broken rule reported at once, each naming its field.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { StandardFileError } from './errors.ts';
import { parseStandard } from './parse-standard.ts';
import type { Standard } from './standard-schema.ts';

/** The standard's file name, looked up in the working directory when no path is given. */
export const STANDARD_FILE_NAME = 'ecr-guard.yml';

export { parseStandard };

/**
 * Parses the text of `ecr-guard.yml`. An empty document (or only comments) means defaults.
 *
 * @throws {StandardFileError} when the text is not YAML (with line and column).
 * @throws {StandardValidationError} when it is YAML but not a valid standard.
 * @example
 * ```ts
 * const standard = parseStandardYaml('lifecycle:\n  mode: enforce\n', 'ecr-guard.yml');
 * ```
 */
export function parseStandardYaml(text: string, source?: string): Standard {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [error] = document.errors;
  if (error) {
    const position = error.pos[0];
    const { line, col: column } = lineCounter.linePos(position);
    const where = source === undefined ? '' : `${source}: `;
    throw new StandardFileError(
      `${where}not valid YAML at line ${line}, column ${column}: ${error.message}`,
      { cause: error, line, column, ...(source === undefined ? {} : { source }) },
    );
  }
  return parseStandard(document.toJS(), source);
}

/**
 * Loads the standard from a file. Without `path`, reads `ecr-guard.yml` in the working
 * directory if it exists and returns the defaults if it does not; an explicit `path` that does
 * not exist is an error.
 *
 * @throws {StandardFileError} when the file is missing (explicit path), unreadable or not YAML.
 * @throws {StandardValidationError} when the file is not a valid standard.
 * @example
 * ```ts
 * // At cold start, once per execution environment:
 * const standard = await loadStandard();
 * ```
 */
export async function loadStandard(path?: string): Promise<Standard> {
  const source = path ?? STANDARD_FILE_NAME;
  let text: string;
  try {
    text = await readFile(resolve(process.cwd(), source), 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' && path === undefined) {
      return parseStandard(undefined);
    }
    const reason = code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? error})`;
    throw new StandardFileError(`${source}: ${reason}`, { cause: error, source });
  }
  return parseStandardYaml(text, source);
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    return typeof error.code === 'string' ? error.code : undefined;
  }
  return undefined;
}
