import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type StandardIdentity, standardIdentity } from '#lib/report/index.ts';
import {
  loadStandard,
  STANDARD_FILE_NAME,
  type Standard,
  StandardError,
} from '#lib/standard/index.ts';
import { CliError } from './io.ts';

/** Loads the standard, turning its errors into a CLI error that names the field. */
export async function loadStandardForCli(path: string | undefined): Promise<Standard> {
  try {
    return await loadStandard(path);
  } catch (error) {
    if (error instanceof StandardError) throw new CliError(error.message, { cause: error });
    throw error;
  }
}

/**
 * Loads the standard and identifies it for a report's header: the file read and the
 * SHA-256 of its bytes, or the built-in defaults when there is no file.
 *
 * @example
 * ```ts
 * const { standard, identity } = await loadIdentifiedStandard(values.config);
 * identity.fileSha256; // as `sha256sum ecr-guard.yml` prints it
 * ```
 */
export async function loadIdentifiedStandard(
  path: string | undefined,
): Promise<{ standard: Standard; identity: StandardIdentity }> {
  const standard = await loadStandardForCli(path);
  const source = path ?? STANDARD_FILE_NAME;
  let bytes: Buffer | undefined;
  try {
    bytes = await readFile(resolve(process.cwd(), source));
  } catch {
    // Only without --config can the file be missing: the defaults apply (loadStandard).
    bytes = undefined;
  }
  return {
    standard,
    identity:
      bytes === undefined
        ? standardIdentity(standard, 'built-in defaults (no ecr-guard.yml)')
        : standardIdentity(standard, source, bytes),
  };
}
