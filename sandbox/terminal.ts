/**
 * The sandbox's output: plain lines, styled with ANSI codes only on a terminal, so that the
 * same story reads well in a log.
 *
 * @module
 */

export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  italic(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
}

function ansi(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const COLOR: Styles = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  italic: ansi(3, 23),
  green: ansi(32, 39),
  yellow: ansi(33, 39),
  red: ansi(31, 39),
  cyan: ansi(36, 39),
};

const identity = (text: string): string => text;

const PLAIN: Styles = {
  bold: identity,
  dim: identity,
  italic: identity,
  green: identity,
  yellow: identity,
  red: identity,
  cyan: identity,
};

/** Where the story is told. */
export interface Output {
  readonly style: Styles;
  /** Writes one line (or several, separated by `\n`), indented by `indent` spaces. */
  line(text?: string, indent?: number): void;
  /** Writes `text` wrapped at spaces to fit {@link LINE_WIDTH} columns, indented. */
  paragraph(text: string, indent?: number): void;
  /** A step's title: a blank line, then the title in bold. */
  heading(text: string): void;
}

/** Where long lines are wrapped: a log viewer's width, a terminal's common one. */
export const LINE_WIDTH = 110;

/** The length of `text` as shown: ANSI codes are not counted. */
export function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ANSI escape character
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

/**
 * Wraps `text` at spaces into lines of at most `width` visible characters (a word longer
 * than that, a URL, stays whole).
 *
 * @example
 * ```ts
 * wrapText('a b c', 3); // ['a b', 'c']
 * ```
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (current !== '' && visibleLength(candidate) > width) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  lines.push(current);
  return lines;
}

/**
 * Whether to colour: a terminal, and neither `NO_COLOR` nor `TERM=dumb` (no-color.org).
 *
 * @example
 * ```ts
 * const color = wantsColor(process.stdout, process.env);
 * ```
 */
export function wantsColor(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * An output writing whole lines to `write`.
 *
 * @example
 * ```ts
 * const out = createOutput((text) => process.stdout.write(text), wantsColor(process.stdout, process.env));
 * out.heading('1. A team creates a repository');
 * ```
 */
export function createOutput(write: (text: string) => void, color: boolean): Output {
  const style = color ? COLOR : PLAIN;
  const line = (text = '', indent = 0): void => {
    const pad = ' '.repeat(indent);
    write(
      `${text
        .split('\n')
        .map((l) => (l === '' ? '' : `${pad}${l}`))
        .join('\n')}\n`,
    );
  };
  return {
    style,
    line,
    paragraph(text: string, indent = 0): void {
      line(wrapText(text, LINE_WIDTH - indent).join('\n'), indent);
    },
    heading(text: string): void {
      write(`\n${style.bold(text)}\n`);
    },
  };
}

/** `1234` ms → `1.2 s`; under a second, `340 ms`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
