/**
 * The storage figures an audit with `lifecycle.auditImages` adds to the report: per
 * repository as the lifecycle guard measured them, summed per account and team, in every
 * table format, and drawn as a chart in HTML. Without them the report has no storage at all.
 */
import { describe, expect, it } from 'vitest';
import type { StorageReport } from '#lib/enforcement/index.ts';
import {
  renderHtml,
  renderMarkdown,
  renderTable,
  reportTables,
  SweepReportSchema,
  storageChart,
} from '#lib/report/index.ts';
import { A, B, build, finished, repository, sample } from './report-samples.ts';

const GIB = 1024 ** 3;

function storage(bytes: number, freedBytes: number, images = 10): StorageReport {
  return {
    images,
    bytes,
    freedBytes,
    freedMonthlyCost: Math.round((freedBytes / GIB) * 0.1 * 1e6) / 1e6,
    currency: 'EUR',
  };
}

function measured() {
  return build([
    repository(A, 'api', ['compliant', 'compliant', 'compliant'], {
      team: 'payments',
      storage: storage(4 * GIB, GIB),
    }),
    repository(A, 'worker', ['compliant', 'planned', 'compliant'], {
      team: 'payments',
      storage: storage(2 * GIB, GIB, 14),
    }),
    repository(A, 'tools', ['compliant', 'compliant', 'compliant'], {
      storage: storage(GIB, 0, 3),
    }),
    finished(A, 3),
    repository(B, '<script>', ['compliant', 'compliant', 'compliant'], {
      team: 'web',
      storage: storage(8 * GIB, 4 * GIB),
    }),
    finished(B, 1),
  ]);
}

describe('Report: storage', () => {
  it('carries each repository’s storage, and sums it per account and team', () => {
    // Act
    const report = measured();

    // Assess
    expect(SweepReportSchema.parse(report)).toEqual(report);
    expect(report.repositories.find((r) => r.repositoryName === 'worker')?.storage).toEqual({
      images: 14,
      bytes: 2 * GIB,
      freedByStandardBytes: GIB,
      freedByStandardMonthlyCost: 0.1,
      currency: 'EUR',
    });
    expect(report.storage?.byAccount).toEqual([
      {
        account: A.account,
        repositories: 3,
        images: 27,
        bytes: 7 * GIB,
        freedByStandardBytes: 2 * GIB,
        freedByStandardMonthlyCost: 0.2,
        currency: 'EUR',
      },
      expect.objectContaining({ account: B.account, repositories: 1, bytes: 8 * GIB }),
    ]);
    expect(report.storage?.byTeam.map((t) => [t.team, t.repositories, t.bytes])).toEqual([
      ['(no team)', 1, GIB],
      ['payments', 2, 6 * GIB],
      ['web', 1, 8 * GIB],
    ]);
  });

  it('has no storage at all when the images were not read', () => {
    // Act
    const report = sample();

    // Assess
    expect(report.storage).toBeUndefined();
    expect(report.repositories.every((r) => r.storage === undefined)).toBe(true);
    expect(reportTables(report).details.map((t) => t.id)).not.toContain('storage-by-account');
    expect(storageChart(report)).toBe('');
    expect(renderHtml(report)).not.toContain('what the standard lifecycle policy would free');
  });

  it('shows the storage per account, team and repository in the terminal, Markdown and HTML', () => {
    // Prepare
    const report = measured();

    // Act
    const text = renderTable(report);
    const markdown = renderMarkdown(report);
    const html = renderHtml(report);

    // Assess
    for (const title of ['Storage per account', 'Storage per team', 'Storage per repository']) {
      expect(text).toContain(title);
      expect(markdown).toContain(`## ${title}`);
      expect(html).toContain(`<h2>${title}</h2>`);
    }
    expect(text).toMatch(/111111111111 +3 +27 +7\.0 GiB +2\.0 GiB +0\.20 EUR/);
    expect(markdown).toContain('| payments | 2 | 24 | 6.0 GiB | 2.0 GiB | 0.20 EUR |');
  });

  it('draws what each account stores and what the standard would free, above the account table, every name escaped', () => {
    // Act
    const html = renderHtml(measured());

    // Assess
    const chart = html.indexOf(
      '<title>Storage per account, and what the standard lifecycle policy would free</title>',
    );
    expect(chart).toBeGreaterThan(html.indexOf('<h2>Storage per account</h2>'));
    expect(chart).toBeLessThan(html.indexOf('<h2>Storage per team</h2>'));
    expect(html).toContain('222222222222: 4.0 GiB of 8.0 GiB freed by the standard');
    expect(html).not.toContain('<script>,');
    expect(html).toContain('&lt;script&gt;');
  });
});
