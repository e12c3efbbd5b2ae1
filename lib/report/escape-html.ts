const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML content and quoted attribute values (and SVG): every `& < > " '`.
 *
 * @example
 * ```ts
 * escapeHtml('<img src=x onerror="alert(1)">'); // '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
