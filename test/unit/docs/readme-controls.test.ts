/**
 * The README's table of controls is the registry's, word for word: a control added, renamed or
 * redescribed in its folder fails this test until the README says the same (the message prints
 * the table to paste).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTROLS, type Control, isFixable } from '#lib/controls/index.ts';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const HEADER = '| control | level | compliant when | remediation |';

function row(control: Control): string {
  const fix = isFixable(control) ? control.description.remediation : 'report only';
  return `| \`${control.name}\` | ${control.level} | ${control.description.compliantWhen} | ${fix} |`;
}

describe('README: the table of controls', () => {
  it('lists every registered control, in registry order, as the control describes itself', () => {
    // Prepare
    const expected = [HEADER, '| --- | --- | --- | --- |', ...CONTROLS.map(row)].join('\n');

    // Act
    const start = README.indexOf(HEADER);
    const table = README.slice(start).split('\n\n')[0];

    // Assess
    expect(start, `README.md has no table starting ${HEADER}`).toBeGreaterThanOrEqual(0);
    expect(table, `README.md's table of controls should read:\n${expected}\n`).toBe(expected);
  });
});
