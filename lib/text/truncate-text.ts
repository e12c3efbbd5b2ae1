/**
 * Shortening text to a length limit without breaking characters.
 *
 * @module
 */

/**
 * Shortens `text` to at most `maxLength` UTF-16 code units, ending it with `ellipsis` when
 * something was cut. Never splits a surrogate pair, so an emoji is kept whole or dropped.
 *
 * Limits are counted in code units (`String.length`): Slack and SNS count characters, and a
 * code unit count is never lower than a character count, so the result always fits.
 *
 * @param text - the text to fit
 * @param maxLength - the limit, ellipsis included
 * @param ellipsis - what marks the cut (`…` by default; `...` where only ASCII is allowed)
 * @returns `text` itself when it fits, else its beginning and the ellipsis
 *
 * @example
 * ```ts
 * truncateText('payments-api-very-long-name', 12); // 'payments-ap…'
 * truncateText('short', 12); // 'short'
 * ```
 */
export function truncateText(text: string, maxLength: number, ellipsis = '…'): string {
  if (text.length <= maxLength) return text;
  if (maxLength <= ellipsis.length) return ellipsis.slice(0, Math.max(0, maxLength));
  let end = maxLength - ellipsis.length;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}${ellipsis}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
