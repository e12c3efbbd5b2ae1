/**
 * The standard loader of the Lambda bundles: the same exports as `load-standard.ts`, which
 * the bundler swaps for this file (deploy/esbuild-plugins.cjs). At package time ecr-guard.yml
 * is validated and compiled to JSON; at cold start the function reads that JSON and validates
 * it again with zod. No YAML parser is bundled (it would weigh 110 KB in every function).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StandardFileError } from './errors.ts';
import { parseStandard } from './parse-standard.ts';
import type { Standard } from './standard-schema.ts';

/** Where the package step puts the compiled standard, relative to the task root. */
export const STANDARD_FILE_NAME = '.build/ecr-guard.json';

export { parseStandard };

/**
 * Not available in a function bundle: the standard arrives compiled to JSON.
 *
 * @example
 * ```ts
 * parseStandardYaml('…'); // throws StandardFileError
 * ```
 */
export function parseStandardYaml(_text: string, source?: string): Standard {
  throw new StandardFileError(
    `${source ?? 'the standard'}: YAML is compiled to JSON at package time; a function reads ${STANDARD_FILE_NAME}`,
  );
}

/**
 * Reads the compiled standard (JSON) and validates it.
 *
 * @example
 * ```ts
 * const standard = await loadStandard(process.env.ECR_GUARD_CONFIG);
 * ```
 */
export async function loadStandard(path?: string): Promise<Standard> {
  const source = path ?? STANDARD_FILE_NAME;
  let text: string;
  try {
    text = await readFile(resolve(process.cwd(), source), 'utf8');
  } catch (error) {
    throw new StandardFileError(`${source}: cannot read the compiled standard`, {
      cause: error,
      source,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StandardFileError(`${source}: not JSON`, { cause: error, source });
  }
  return parseStandard(raw, source);
}
