/**
 * Removes webhook URLs from text that may be logged.
 *
 * @module
 */

/** What a scrubbed URL is replaced with. */
export const REDACTED_WEBHOOK = '[redacted webhook URL]';

/** Slack's incoming webhook paths, e.g. `/services/T000/B000/XXXX`. */
const SLACK_WEBHOOK_PATH = /(hooks\.slack(?:-gov)?\.com)\/[^\s"'<>)]+/gi;

/**
 * Replaces every occurrence of the given webhook URLs — and of their paths, the secret part —
 * and any Slack webhook URL at all, by {@link REDACTED_WEBHOOK}.
 *
 * @param text - an error message, a response body, …
 * @param urls - the webhook URLs in use
 * @returns the text without them
 *
 * @example
 * ```ts
 * scrubWebhookUrls('POST https://hooks.slack.com/services/T0/B0/abc failed', []);
 * // 'POST https://hooks.slack.com/[redacted webhook URL] failed'
 * ```
 */
export function scrubWebhookUrls(text: string, urls: Iterable<string>): string {
  let scrubbed = text;
  for (const url of urls) {
    const secrets = [url];
    try {
      const { pathname, search } = new URL(url);
      if (pathname.length > 1) secrets.push(`${pathname}${search}`);
      if (search.length > 1) secrets.push(search);
    } catch {
      // Not a URL: the raw text is scrubbed all the same.
    }
    for (const secret of secrets) {
      if (secret !== '') scrubbed = scrubbed.split(secret).join(REDACTED_WEBHOOK);
    }
  }
  return scrubbed.replace(SLACK_WEBHOOK_PATH, `$1/${REDACTED_WEBHOOK}`);
}
