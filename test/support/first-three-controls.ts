import { fileURLToPath } from 'node:url';

/**
 * A folder whose `ecr-guard.yml` turns off every control but the first three (immutability,
 * lifecycle, scanning): the CLI run there (`runCli(…, { cwd })`) or a function given
 * `ECR_GUARD_CONFIG` = {@link FIRST_THREE_CONTROLS_CONFIG} judges only those, as the tests
 * written about them count.
 *
 * @example
 * ```ts
 * process.env.ECR_GUARD_CONFIG = FIRST_THREE_CONTROLS_CONFIG;
 * ```
 */
export const FIRST_THREE_CONTROLS_DIR = fileURLToPath(
  new URL('../fixtures/standards/first-three-controls/', import.meta.url),
);

/** The `ecr-guard.yml` of {@link FIRST_THREE_CONTROLS_DIR}. */
export const FIRST_THREE_CONTROLS_CONFIG = `${FIRST_THREE_CONTROLS_DIR}ecr-guard.yml`;
