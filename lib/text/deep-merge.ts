function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `override` merged over `base`, field by field: mappings are merged recursively, lists and
 * values of `override` replace those of `base`. Neither argument is changed.
 *
 * @example
 * ```ts
 * deepMerge({ mode: 'add-if-missing', policy: { rules: [a] } }, { policy: { rules: [b] } });
 * // { mode: 'add-if-missing', policy: { rules: [b] } }
 * ```
 */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return structuredClone(override);
  const merged: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(override)) {
    merged[key] = key in merged ? deepMerge(merged[key], value) : structuredClone(value);
  }
  return merged;
}
