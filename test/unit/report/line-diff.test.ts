import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '#lib/report/index.ts';

describe('Function: unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'x', 'y')).toBe('');
  });

  it('shows a changed line with its context, removal first', () => {
    expect(unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', 'current', 'written')).toBe(
      '--- current\n+++ written\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c',
    );
  });

  it('shows a text written where there was none as additions only', () => {
    expect(unifiedDiff('', '{\n}\n', 'policy (none)', 'policy (written)')).toBe(
      '--- policy (none)\n+++ policy (written)\n@@ -0,0 +1,2 @@\n+{\n+}',
    );
  });

  it('keeps distant changes in separate hunks', () => {
    // Prepare
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 1\n', 'line one\n').replace('line 18', 'line eighteen');

    // Act
    const diff = unifiedDiff(before, after, 'a', 'b');

    // Assess
    expect(diff.match(/^@@ /gm)).toHaveLength(2);
    expect(diff).toContain('-line 1\n+line one');
    expect(diff).toContain('-line 18\n+line eighteen');
  });
});
