/**
 * Slack `mrkdwn` text: escaping, links and truncation that never cuts an escape in half.
 *
 * @module
 */
import { truncateText } from '#lib/text/index.ts';

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters.
 *
 * @example
 * ```ts
 * escapeMrkdwn('a <b> & c'); // 'a &lt;b&gt; &amp; c'
 * ```
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A mrkdwn link. The URL's `|`, `<`, `>` and spaces are percent-encoded so they cannot end it.
 *
 * @example
 * ```ts
 * mrkdwnLink('https://nvd.nist.gov/vuln/detail/CVE-2024-1', 'CVE-2024-1');
 * // '<https://nvd.nist.gov/vuln/detail/CVE-2024-1|CVE-2024-1>'
 * ```
 */
export function mrkdwnLink(url: string, label: string): string {
  const safeUrl = url.replace(/[|<> ]/g, (c) => encodeURIComponent(c));
  return `<${safeUrl}|${escapeMrkdwn(label)}>`;
}

/**
 * Escapes `text` and shortens it to `maxLength`, without leaving half an `&amp;` behind.
 *
 * @example
 * ```ts
 * fitMrkdwn('a & b & c', 8); // 'a &amp;…'
 * ```
 */
export function fitMrkdwn(text: string, maxLength: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= maxLength) return escaped;
  let cut = truncateText(escaped, maxLength);
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && !cut.slice(amp).includes(';')) cut = `${cut.slice(0, amp)}…`;
  return cut;
}

/**
 * Shortens plain text (header, button) to `maxLength`.
 *
 * @example
 * ```ts
 * fitPlainText('Open the image in the ECR console', 20); // 'Open the image in t…'
 * ```
 */
export function fitPlainText(text: string, maxLength: number): string {
  return truncateText(text.replace(/\s+/g, ' ').trim(), maxLength);
}
