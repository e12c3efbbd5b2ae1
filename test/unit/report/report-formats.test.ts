import { describe, expect, it } from 'vitest';
import {
  OCSF_COMPLIANCE_FINDING,
  renderCsv,
  renderHtml,
  renderMarkdown,
  renderOcsf,
  renderTable,
  reportTables,
} from '#lib/report/index.ts';
import { A, B, build, denied, repository, sample } from './report-samples.ts';

/** Splits RFC 4180 text into records of fields (quoted fields may hold commas and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return records;
}

describe('Function: reportTables', () => {
  it('is the one source of the terminal, Markdown and HTML tables, Team column included', () => {
    // Act
    const tables = reportTables(sample());
    const text = renderTable(sample());
    const markdown = renderMarkdown(sample());
    const html = renderHtml(sample());

    // Assess
    const violations = tables.details.find((t) => t.id === 'violations');
    expect(violations?.header).toContain('Team');
    for (const t of [tables.byAccount, tables.byControl, tables.results, ...tables.details]) {
      if (t.rows.length === 0) continue;
      expect(text).toContain(t.title);
      expect(markdown).toContain(`## ${t.title.replace(/[*_`<>[\]|]/g, (c) => `\\${c}`)}`);
      expect(html).toContain(`<h2>${t.title}</h2>`);
    }
  });
});

describe('Function: renderTable', () => {
  it('shows "not checked" for an account that could not be read, not a percentage', () => {
    // Act
    const text = renderTable(sample());

    // Assess
    expect(text).toMatch(/^111111111111\s+1\s+0\s+3\s+1\s+1\s+1\s+0\s+0\s+0\s+66\.7%$/m);
    expect(text).toMatch(/^222222222222\s+1\s+1\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+not checked$/m);
    expect(text).not.toMatch(/^222222222222.*%$/m);
    expect(text).toContain('222222222222/eu-west-1  cannot assume role');
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^Incomplete: .*\(exit 2\)$/);
  });

  it('lists every result with its status, pass rows included, and the run header', () => {
    // Act
    const text = renderTable(sample());

    // Assess
    expect(text).toMatch(
      /^111111111111\s+eu-west-1\s+good\s+payments\s+default\s+scanning\s+pass\s/m,
    );
    expect(text).toMatch(/^Standard SHA-256 \(effective\)\s+a{64}$/m);
    expect(text).toMatch(/^Caller\s+arn:aws:iam::111111111111:user\/auditor/m);
  });
});

describe('Function: renderMarkdown', () => {
  it('has a row per result, pipes escaped, and the diff of a policy kept on its lines', () => {
    // Act
    const markdown = renderMarkdown(sample());

    // Assess
    expect(markdown).toContain(
      '| 111111111111 | eu-west-1 | bad\\|name |  | default | immutability | violation |',
    );
    expect(markdown).toContain(
      '| 111111111111 | eu-west-1 | good | payments | default | scanning | pass |',
    );
    expect(markdown).toMatch(
      /--- lifecyclePolicyText \(current\)<br>\+\+\+ lifecyclePolicyText \(written\)<br>@@/,
    );
    expect(markdown).toContain(
      '| 222222222222 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | not checked |',
    );
    expect(markdown).not.toMatch(/\(exit \d\)/);
  });
});

describe('Function: renderHtml', () => {
  it('is one self-contained page: header, chart, the sortable results table, no CLI wording', () => {
    // Act
    const html = renderHtml(sample());

    // Assess
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('<table id="results">');
    expect(html).toContain('<th scope="row">Standard SHA-256 (effective)</th>');
    expect(html).toContain(
      '<tr data-status="pass"><td class="nowrap">111111111111</td><td class="nowrap">eu-west-1</td><td>good</td>',
    );
    expect(html).not.toMatch(/<link|src=|@import/i);
    expect(html).not.toMatch(/\(exit \d\)|--dry-run/);
    expect(html).toContain('>not checked</text>');
  });

  it('escapes every value taken from AWS', () => {
    // Prepare
    const hostile = '<script>alert("x")</script>';
    const report = build([
      repository(A, 'evil', ['violation', 'compliant', 'compliant'], { team: hostile }),
      { ...denied(B), reason: `AccessDenied: ${hostile}` } as ReturnType<typeof denied>,
    ]);

    // Act
    const html = renderHtml(report);

    // Assess
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
});

describe('Function: renderCsv', () => {
  it('has one RFC 4180 record per repository and control, pass rows and ARNs included', () => {
    // Act
    const text = renderCsv(sample());
    const [header, ...records] = parseCsv(text);

    // Assess
    expect(text.endsWith('\r\n')).toBe(true);
    const column = (name: string): number => header?.indexOf(name) ?? -1;
    const repositoryRows = records.filter((r) => r[column('level')] === 'repository');
    expect(repositoryRows).toHaveLength(9);
    expect(repositoryRows.filter((r) => r[column('status')] === 'pass')).toHaveLength(5);
    expect(
      repositoryRows.every((r) =>
        /^arn:aws:ecr:eu-west-1:\d{12}:repository\//.test(r[column('repository_arn')] ?? ''),
      ),
    ).toBe(true);
    expect(
      records.find(
        (r) => r[column('repository')] === 'bad|name' && r[column('control')] === 'immutability',
      )?.[column('fix_change')],
    ).toBe(
      'imageTagMutability: "MUTABLE" → "IMMUTABLE_WITH_EXCLUSION"\nexclusionFilters: [] → ["latest"]',
    );
    expect(records.find((r) => r[column('level')] === 'account-region')).toEqual(
      expect.arrayContaining(['222222222222', 'not-checked']),
    );
    expect(records.every((r) => r.length === header?.length)).toBe(true);
    expect(records[0]?.[column('standard_sha256')]).toBe('a'.repeat(64));
  });
});

describe('Function: renderOcsf', () => {
  it('writes one Compliance Finding (class 2003) a line, with the compliance status', () => {
    // Act
    const events = renderOcsf(sample())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));

    // Assess
    expect(events).toHaveLength(10);
    expect(
      events.every((e) => e.class_uid === OCSF_COMPLIANCE_FINDING && e.type_uid === 200301),
    ).toBe(true);
    const bad = events.find(
      (e) =>
        e.finding_info.uid === 'ecr-guard/111111111111/eu-west-1/repository/bad|name/immutability',
    );
    expect(bad.compliance).toMatchObject({
      control: 'ECR.2',
      standards: ['AWS Foundational Security Best Practices v1.0.0'],
      requirements: ['ecr-private-tag-immutability-enabled'],
      status: 'Fail',
      status_id: 3,
    });
    expect(bad.resources[0].uid).toBe('arn:aws:ecr:eu-west-1:111111111111:repository/bad|name');
    const unread = events.find((e) => e.unmapped.ecr_guard.level === 'account-region');
    expect(unread.compliance).toMatchObject({ status: 'Warning', status_id: 2 });
    expect(events.filter((e) => e.compliance.status === 'Pass')).toHaveLength(7);
  });
});
