/** Lines of context kept around each change, as `diff -u` does. */
const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; line: string };

/** The edit script between two line lists, from their longest common subsequence. */
function editScript(before: readonly string[], after: readonly string[]): Op[] {
  const n = before.length;
  const m = after.length;
  // lcs[i][j]: length of the LCS of before[i..] and after[j..]; policies are at most a few
  // hundred lines, so the table stays small.
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i -= 1) {
    const row = lcs[i] as number[];
    const next = lcs[i + 1] as number[];
    for (let j = m - 1; j >= 0; j -= 1) {
      row[j] =
        before[i] === after[j] ? (next[j + 1] ?? 0) + 1 : Math.max(next[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      ops.push({ kind: ' ', line: before[i] ?? '' });
      i += 1;
      j += 1;
    } else if (j < m && (i >= n || (lcs[i]?.[j + 1] ?? 0) > (lcs[i + 1]?.[j] ?? 0))) {
      ops.push({ kind: '+', line: after[j] ?? '' });
      j += 1;
    } else {
      ops.push({ kind: '-', line: before[i] ?? '' });
      i += 1;
    }
  }
  return ops;
}

/**
 * A unified diff (`diff -u` style, without the file headers' dates) of two texts, with three
 * lines of context. Empty when they are equal.
 *
 * @example
 * ```ts
 * unifiedDiff('a\nb\n', 'a\nc\n', 'current', 'standard');
 * // '--- current\n+++ standard\n@@ -1,2 +1,2 @@\n a\n-b\n+c'
 * ```
 */
export function unifiedDiff(before: string, after: string, from: string, to: string): string {
  const split = (text: string): string[] =>
    text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const ops = editScript(split(before), split(after));
  if (ops.every((op) => op.kind === ' ')) return '';
  const out = [`--- ${from}`, `+++ ${to}`];
  let index = 0;
  while (index < ops.length) {
    // Find the next change, then grow a hunk around it while changes stay close.
    while (index < ops.length && ops[index]?.kind === ' ') index += 1;
    if (index >= ops.length) break;
    const start = Math.max(0, index - CONTEXT);
    let end = index;
    let lastChange = index;
    while (end < ops.length) {
      if (ops[end]?.kind !== ' ') lastChange = end;
      else if (end - lastChange > CONTEXT * 2) break;
      end += 1;
    }
    end = Math.min(ops.length, lastChange + CONTEXT + 1);
    let beforeLine = 1;
    let afterLine = 1;
    for (const op of ops.slice(0, start)) {
      if (op.kind !== '+') beforeLine += 1;
      if (op.kind !== '-') afterLine += 1;
    }
    const hunk = ops.slice(start, end);
    const beforeCount = hunk.filter((op) => op.kind !== '+').length;
    const afterCount = hunk.filter((op) => op.kind !== '-').length;
    out.push(
      `@@ -${beforeCount === 0 ? beforeLine - 1 : beforeLine},${beforeCount} +${afterCount === 0 ? afterLine - 1 : afterLine},${afterCount} @@`,
      ...hunk.map((op) => `${op.kind}${op.line}`),
    );
    index = end;
  }
  return out.join('\n');
}
