/**
 * The effective standard of an empty `ecr-guard.yml`: every section's documented default.
 * The defaults themselves are decided in each section's schema (a control's in its own folder).
 */
import { deepFreeze } from '#lib/text/deep-freeze.ts';
import { type Standard, StandardSchema } from './standard-schema.ts';

export { DEFAULT_LIFECYCLE_POLICY } from '#lib/controls/lifecycle/config.ts';

/**
 * The effective standard of an empty `ecr-guard.yml`. Frozen: `parseStandard` and
 * `loadStandard` return fresh copies, so callers never share (or mutate) this object.
 */
export const DEFAULT_STANDARD: Standard = deepFreeze(StandardSchema.parse({}));
