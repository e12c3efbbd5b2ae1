/**
 * The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core
 * (no browser download: `executablePath` is the system's). It loads, the results table
 * filters and sorts, region names never wrap, the page reads without JavaScript, and a
 * screenshot is left in the test's temporary folder.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '#lib/report/index.ts';
import type { SweepEvent } from '#lib/sweep/index.ts';
import {
  A,
  B,
  build,
  denied,
  finished,
  repository,
  sample,
} from '../unit/report/report-samples.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A larger report than the sample: a region with a long name, many results to filter. */
function report(): string {
  const far = { account: '333333333333', region: 'ap-southeast-5' };
  const events: SweepEvent[] = [
    repository(A, 'good', ['compliant', 'compliant', 'compliant'], { team: 'payments' }),
    repository(A, 'bad-app', ['planned', 'compliant', 'compliant'], { team: 'checkout' }),
    ...Array.from({ length: 12 }, (_, i) =>
      repository(far, `service-${String(i).padStart(2, '0')}`, [
        'compliant',
        'planned',
        'compliant',
      ]),
    ),
    finished(A, 2),
    finished(far, 12),
    denied(B),
  ];
  return renderHtml(build(events));
}

async function open(context: BrowserContext, file: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href);
  return page;
}

describe('HTML report in headless Chromium', () => {
  let dir: string;
  let file: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    }
    dir = await mkdtemp(join(tmpdir(), 'ecr-guard-html-'));
    file = join(dir, 'audit.html');
    await writeFile(file, report(), 'utf8');
    // A fresh profile per run: nothing from another run (or the user) leaks in.
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 900, height: 900 },
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads, with the header and every result in the table', async () => {
    // Act
    const page = await open(browser, file);

    // Assess
    await expect(page.title()).resolves.toMatch(/^ecr-guard audit: 3 accounts/);
    expect(await page.locator('#results tbody tr').count()).toBe(14 * 3);
    expect(await page.locator('#results-controls').isVisible()).toBe(true);
    await expect(page.locator('#results-shown').textContent()).resolves.toBe('42 of 42 shown');
    expect(await page.getByText('Standard SHA-256 (effective)').count()).toBe(1);
  });

  it('filters the results by text and by status', async () => {
    // Prepare
    const page = await open(browser, file);

    // Act
    await page.fill('#results-filter', 'checkout immutability');
    const byText = await page.locator('#results tbody tr:visible').count();
    await page.fill('#results-filter', '');
    await page.selectOption('#results-status', 'violation');
    const violations = await page.locator('#results tbody tr:visible').allTextContents();

    // Assess
    expect(byText).toBe(1);
    expect(violations).toHaveLength(13);
    expect(violations.every((row) => row.includes('violation'))).toBe(true);
    await expect(page.locator('#results-shown').textContent()).resolves.toBe('13 of 42 shown');
  });

  it('sorts the results by a column when its heading is clicked', async () => {
    // Prepare
    const page = await open(browser, file);
    const repositories = (): Promise<string[]> =>
      page.locator('#results tbody tr td:nth-child(3)').allTextContents();

    // Act
    await page.getByRole('button', { name: 'Repository' }).click();
    const ascending = await repositories();
    await page.getByRole('button', { name: 'Repository' }).click();
    const descending = await repositories();

    // Assess
    expect(ascending[0]).toBe('bad-app');
    expect(descending[0]).toBe('service-11');
    expect(await page.locator('th[aria-sort=descending]').textContent()).toBe('Repository');
  });

  it('never wraps a region name, even in a narrow window', async () => {
    // Prepare
    const page = await open(browser, file);
    await page.setViewportSize({ width: 700, height: 900 });

    // Act
    const lines = await page.$$eval('td.nowrap', (cells) =>
      cells
        .filter((cell) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(cell.textContent ?? ''))
        .map((cell) => {
          const range = cell.ownerDocument.createRange();
          range.selectNodeContents(cell);
          return range.getClientRects().length;
        }),
    );

    // Assess
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((n) => n === 1)).toBe(true);
  });

  it('writes a screenshot under the test folder', async () => {
    // Prepare
    const page = await open(browser, file);
    const screenshot = join(dir, 'audit.png');

    // Act
    await page.screenshot({ path: screenshot, fullPage: true });

    // Assess
    expect((await stat(screenshot)).size).toBeGreaterThan(10_000);
    process.stderr.write(`HTML report screenshot: ${screenshot}\n`);
  });

  it('reads without JavaScript: every row shown, the controls hidden', async () => {
    // Prepare
    const plain = join(dir, 'plain.html');
    await writeFile(plain, renderHtml(sample()), 'utf8');
    const noScript = await chromium.launchPersistentContext(join(dir, 'profile-no-js'), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      javaScriptEnabled: false,
    });

    try {
      // Act
      const page = await open(noScript, plain);

      // Assess
      expect(await page.locator('#results tbody tr:visible').count()).toBe(9);
      expect(await page.locator('#results-controls').isVisible()).toBe(false);
    } finally {
      await noScript.close();
    }
  });
});
