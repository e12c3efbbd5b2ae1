/**
 * Lays out a Slack Block Kit message as text, roughly as Slack shows it: the header in bold,
 * sections with their fields in two columns, dividers, context lines dimmed, and buttons with
 * where they lead. For the terminal only: it reads what the webhook received, whatever
 * produced it.
 *
 * @module
 */
import { type Styles, visibleLength, wrapText } from './terminal.ts';

const EMOJI: Readonly<Record<string, string>> = {
  ':new:': '🆕',
  ':warning:': '⚠️',
  ':white_check_mark:': '✅',
  ':rotating_light:': '🚨',
};

/** Slack `mrkdwn` as text: links, bold, italic, code, entities and a few emoji codes. */
export function mrkdwnToText(text: string, style: Styles): string {
  const plainCode = style.cyan('x') === 'x';
  return (
    text
      .replace(
        /<([^|>]+)\|([^>]+)>/g,
        (_m, url: string, label: string) => `${style.cyan(label)}${style.dim(` ↗ ${url}`)}`,
      )
      .replace(/<([^>]+)>/g, (_m, url: string) => style.cyan(url))
      .replace(
        /(^|[\s(])\*([^*\n]+)\*/g,
        (_m, before: string, inner: string) => `${before}${style.bold(inner)}`,
      )
      .replace(
        /(^|[\s(])_([^_\n]+)_/g,
        (_m, before: string, inner: string) => `${before}${style.italic(inner)}`,
      )
      .replace(/`([^`\n]+)`/g, (_m, inner: string) =>
        plainCode ? `\`${inner}\`` : style.cyan(inner),
      )
      .replace(/:[a-z0-9_+-]+:/g, (code) => EMOJI[code] ?? code)
      // Entities last, so an escaped `&lt;` never reads as a link.
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  );
}

type Block = Record<string, unknown>;

function textOf(node: unknown): string {
  const text = (node as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' ? text : '';
}

function twoColumns(fields: string[][], width: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    const left = fields[i] ?? [];
    const right = fields[i + 1] ?? [];
    for (let row = 0; row < Math.max(left.length, right.length); row += 1) {
      const l = left[row] ?? '';
      const r = right[row] ?? '';
      lines.push(r === '' ? l : `${l}${' '.repeat(Math.max(2, width - visibleLength(l)))}${r}`);
    }
  }
  return lines;
}

/** Wraps each line at spaces, as Slack wraps a message to its window. */
function wrapped(lines: string[], width: number): string[] {
  return lines.flatMap((line) => (visibleLength(line) > width ? wrapText(line, width) : [line]));
}

/**
 * The message's lines, without indentation or frame, wrapped at `width` columns.
 *
 * @example
 * ```ts
 * for (const line of slackMessageLines(post.payload, out.style)) out.line(`│ ${line}`, 4);
 * ```
 */
export function slackMessageLines(payload: unknown, style: Styles, width = 100): string[] {
  const message = payload as { text?: unknown; blocks?: unknown };
  if (!Array.isArray(message.blocks)) {
    return [mrkdwnToText(typeof message.text === 'string' ? message.text : '', style)];
  }
  const lines: string[] = [];
  for (const block of message.blocks as Block[]) {
    switch (block.type) {
      case 'header':
        lines.push(style.bold(textOf(block.text)), '');
        break;
      case 'section': {
        const text = textOf(block.text);
        if (text !== '') lines.push(...wrapped(mrkdwnToText(text, style).split('\n'), width));
        const fields = Array.isArray(block.fields) ? block.fields : [];
        if (fields.length > 0) {
          if (text !== '') lines.push('');
          lines.push(
            ...twoColumns(
              fields.map((f) => mrkdwnToText(textOf(f), style).split('\n')),
              34,
            ),
          );
        }
        lines.push('');
        break;
      }
      case 'divider':
        lines.push(style.dim('─'.repeat(60)), '');
        break;
      case 'context': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        lines.push(
          style.dim(elements.map((e) => mrkdwnToText(textOf(e), style)).join('  ·  ')),
          '',
        );
        break;
      }
      case 'actions': {
        const buttons = (Array.isArray(block.elements) ? block.elements : []) as Block[];
        lines.push(buttons.map((b) => style.bold(`[ ${textOf(b.text)} ]`)).join('  '));
        for (const b of buttons) {
          // A URL is not wrapped: cut, it would not open.
          if (typeof b.url === 'string') lines.push(style.dim(`  ${textOf(b.text)}: ${b.url}`));
        }
        lines.push('');
        break;
      }
      default:
        lines.push(style.dim(`(${String(block.type)} block)`), '');
    }
  }
  while (lines.at(-1) === '') lines.pop();
  return lines;
}
