import { escapeHtml } from '#lib/report/escape-html.ts';
import { formatBytes } from '#lib/text/index.ts';
import { previewExitCode } from './build-lifecycle-preview.ts';
import type { LifecyclePreview } from './lifecycle-preview-schema.ts';
import { type PreviewTable, previewTables } from './preview-tables.ts';

/** The formats the preview is rendered in. */
export const PREVIEW_FORMATS = ['table', 'json', 'markdown', 'html'] as const;
export type PreviewFormat = (typeof PREVIEW_FORMATS)[number];

/**
 * The preview's one-line verdict, with its exit code.
 *
 * @example
 * ```ts
 * previewVerdict(preview); // '1 image in use would be expired or archived (exit 1)'
 * ```
 */
export function previewVerdict(preview: LifecyclePreview): string {
  const code = previewExitCode(preview);
  const { organization } = preview.totals;
  if (code === 2) {
    const bad = preview.repositories.filter((r) => r.status === 'failed' || r.status === 'unknown');
    const targets = preview.targets.filter((t) => t.status === 'failed');
    return `incomplete: ${targets.length} account/region(s) and ${bad.length} repositories could not be previewed safely (exit 2)`;
  }
  if (code === 1) {
    return `${organization.inUseAtRisk} image(s) in use would be expired or archived (exit 1)`;
  }
  return `${organization.expiringCount} image(s) would expire, freeing ${formatBytes(organization.bytesFreed)}; nothing in use would go (exit 0)`;
}

function columns(table: PreviewTable): string {
  const all = [table.header.map((h) => h.toUpperCase()), ...table.rows];
  const widths = table.header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const numericFrom = table.numericFrom ?? table.header.length;
  return all
    .map((row) =>
      row
        .map((cell, i) =>
          i >= numericFrom ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function markdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[*_`<>[\]]/g, (c) => `\\${c}`)
    .replace(/\s*\n\s*/g, ' ');
}

function renderTable(preview: LifecyclePreview): string {
  const out = [`ecr-guard lifecycle preview: ${preview.repositories.length} repositories`, ''];
  for (const table of previewTables(preview)) {
    if (table.rows.length === 0) continue;
    out.push(table.title, columns(table), '');
  }
  for (const note of preview.notes) out.push(`Note: ${note}`);
  out.push('', previewVerdict(preview), '');
  return out.join('\n');
}

function renderMarkdown(preview: LifecyclePreview): string {
  const out = [
    `# ecr-guard lifecycle preview`,
    '',
    `Generated ${preview.generatedAt}. **${markdownCell(previewVerdict(preview))}**`,
  ];
  for (const table of previewTables(preview)) {
    if (table.rows.length === 0) continue;
    out.push(
      '',
      `## ${markdownCell(table.title)}`,
      '',
      `| ${table.header.map(markdownCell).join(' | ')} |`,
      `| ${table.header.map(() => '---').join(' | ')} |`,
      ...table.rows.map((row) => `| ${row.map(markdownCell).join(' | ')} |`),
    );
  }
  out.push('', ...preview.notes.map((n) => `> ${markdownCell(n)}`), '');
  return out.join('\n');
}

function renderHtml(preview: LifecyclePreview): string {
  const code = previewExitCode(preview);
  const parts = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>ecr-guard lifecycle preview</title>',
    '<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#212121}table{border-collapse:collapse;font-size:.9rem}th,td{border:1px solid #e0e0e0;padding:.3rem .5rem;text-align:left}th{background:#f5f5f5}td.n{text-align:right}.v{font-weight:600;padding:.5rem;border-radius:4px}.exit-0{background:#e8f5e9}.exit-1{background:#fff8e1}.exit-2{background:#f3e5f5}</style>',
    '</head><body><h1>ecr-guard lifecycle preview</h1>',
    `<p>Generated ${escapeHtml(preview.generatedAt)}.</p>`,
    `<p class="v exit-${code}">${escapeHtml(previewVerdict(preview))}</p>`,
  ];
  for (const table of previewTables(preview)) {
    if (table.rows.length === 0) continue;
    const numericFrom = table.numericFrom ?? 99;
    parts.push(
      `<h2>${escapeHtml(table.title)}</h2>`,
      `<table><thead><tr>${table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>`,
      ...table.rows.map(
        (row) =>
          `<tr>${row.map((c, i) => `<td${i >= numericFrom ? ' class="n"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`,
      ),
      '</tbody></table>',
    );
  }
  parts.push(
    ...preview.notes.map((n) => `<p><small>${escapeHtml(n)}</small></p>`),
    '</body></html>',
    '',
  );
  return parts.join('\n');
}

/**
 * Renders the preview; JSON is the {@link LifecyclePreviewSchema} document.
 *
 * @example
 * ```ts
 * io.stdout(renderLifecyclePreview(preview, 'markdown'));
 * ```
 */
export function renderLifecyclePreview(preview: LifecyclePreview, format: PreviewFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(preview, null, 2)}\n`;
    case 'table':
      return renderTable(preview);
    case 'markdown':
      return renderMarkdown(preview);
    case 'html':
      return renderHtml(preview);
  }
}
