/**
 * Freezes an object and everything in it, so that a shared default cannot be changed by
 * accident; copy it (`structuredClone`) to vary it.
 *
 * @example
 * ```ts
 * const DEFAULTS = deepFreeze({ rules: [{ rulePriority: 1 }] });
 * ```
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}
