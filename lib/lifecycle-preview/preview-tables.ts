import { formatBytes } from '#lib/text/index.ts';
import type { LifecyclePreview, PreviewTotals } from './lifecycle-preview-schema.ts';

/** One table of the preview, as every text format lays it out. */
export interface PreviewTable {
  title: string;
  header: string[];
  rows: string[][];
  /** Columns from this index on are numbers. */
  numericFrom?: number;
}

function money(amount: number, currency: string): string {
  return `${amount.toFixed(2)} ${currency}`;
}

function totalsRow(label: string, t: PreviewTotals, currency: string): string[] {
  return [
    label,
    String(t.repositories),
    String(t.images),
    String(t.expiringCount),
    String(t.transitioningCount),
    formatBytes(t.bytesFreed),
    t.layerBytesFreed === null ? 'not read' : formatBytes(t.layerBytesFreed),
    money(t.monthlyCostFreed, currency),
    String(t.inUseAtRisk),
  ];
}

const TOTALS_HEADER = [
  'Repositories',
  'Images',
  'Expiring',
  'Archiving',
  'Bytes freed',
  'Layer bytes freed',
  'Cost freed / month',
  'In use at risk',
];

/**
 * The preview's tables, computed once for the table, Markdown and HTML formats: totals for
 * the organization, per account and per team, the repositories, and the images that go.
 *
 * @example
 * ```ts
 * for (const table of previewTables(preview)) console.log(table.title);
 * ```
 */
export function previewTables(preview: LifecyclePreview): PreviewTable[] {
  const { currency, totals } = preview;
  return [
    {
      title: 'Totals',
      header: ['Scope', ...TOTALS_HEADER],
      rows: [
        totalsRow('organization', totals.organization, currency),
        ...totals.byAccount.map((t) => totalsRow(`account ${t.account}`, t, currency)),
        ...totals.byTeam.map((t) => totalsRow(`team ${t.team}`, t, currency)),
      ],
      numericFrom: 1,
    },
    {
      title: `Repositories (${preview.repositories.length})`,
      header: [
        'Account',
        'Region',
        'Repository',
        'Team',
        'Policy',
        'Status',
        'Images',
        'Expiring',
        'Archiving',
        'Bytes freed',
        'Layer bytes freed',
        'Cost freed / month',
      ],
      rows: preview.repositories.map((r) => [
        r.account,
        r.region,
        r.repositoryName,
        r.team ?? '',
        r.policySource,
        r.status,
        String(r.imageCount),
        String(r.expiringCount),
        String(r.transitioningCount),
        formatBytes(r.bytesFreed),
        r.layerBytesFreed === null ? 'not read' : formatBytes(r.layerBytesFreed),
        money(r.monthlyCostFreed, currency),
      ]),
      numericFrom: 6,
    },
    {
      title: 'Images that would go',
      header: [
        'Repository',
        'Digest',
        'Tags',
        'Pushed',
        'Last pulled',
        'Size',
        'Action',
        'Rule',
        'In use by',
      ],
      rows: preview.repositories.flatMap((r) =>
        r.images.map((i) => [
          `${r.account}/${r.region}/${r.repositoryName}`,
          `${i.imageDigest.slice(0, 19)}…`,
          i.imageTags.join(', ') || '<untagged>',
          i.imagePushedAt.slice(0, 19).replace('T', ' '),
          i.lastRecordedPullTime?.slice(0, 19).replace('T', ' ') ?? 'never',
          formatBytes(i.sizeBytes),
          i.action,
          String(i.rulePriority),
          i.inUse.map((u) => `${u.kind} ${u.name}`).join('; '),
        ]),
      ),
    },
    {
      title: 'Not safe or not previewed',
      header: ['Repository', 'Status', 'Reason'],
      rows: preview.repositories
        .filter((r) => r.status !== 'ok')
        .map((r) => [`${r.account}/${r.region}/${r.repositoryName}`, r.status, r.reason ?? ''])
        .concat(
          preview.targets
            .filter((t) => t.status === 'failed')
            .map((t) => [`${t.account}/${t.region}`, 'failed', t.reason ?? '']),
        ),
    },
    {
      title: 'Policy warnings',
      header: ['Repository', 'Rule', 'Warning'],
      rows: preview.repositories.flatMap((r) =>
        r.warnings.map((w) => [`${r.account}/${r.region}/${r.repositoryName}`, w.path, w.message]),
      ),
    },
    {
      title: 'Calls to learn what runs',
      header: ['Account/region', 'Calls', 'By action'],
      rows: preview.targets
        .filter((t) => Object.keys(t.inUseCalls).length > 0)
        .map((t) => {
          const calls = Object.entries(t.inUseCalls);
          return [
            `${t.account}/${t.region}`,
            String(calls.reduce((sum, [, n]) => sum + n, 0)),
            calls.map(([a, n]) => `${a} ${n}`).join(', '),
          ];
        }),
    },
  ];
}
