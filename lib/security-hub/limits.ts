/**
 * Security Hub's limits on `BatchImportFindings` (partner guide, "Guidelines for using the
 * BatchImportFindings API"; ASFF field lengths from the API reference).
 */
export const SECURITY_HUB_LIMITS = {
  findingsPerBatch: 100,
  bytesPerFinding: 240 * 1024,
  bytesPerBatch: 6 * 1024 * 1024,
  titleLength: 256,
  descriptionLength: 1024,
  recommendationLength: 512,
  productFieldValueLength: 2048,
} as const;

/**
 * Cuts `text` to `max` characters, ending with an ellipsis when it had to.
 *
 * @example
 * ```ts
 * clip('abcdef', 4); // 'abc…'
 * ```
 */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
