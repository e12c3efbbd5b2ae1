import { loadStandard, type Standard, StandardError } from '#lib/standard/index.ts';
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
