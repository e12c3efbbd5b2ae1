import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../cli/io.ts';
import { main } from '../../../cli/main.ts';

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readStdin: async () => '',
    env: {},
  };
}

function standardFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ecr-guard-policy-')), 'ecr-guard.yml');
  writeFileSync(path, text);
  return path;
}

describe('Command: policy validate', () => {
  it.each([
    ['identity.roleNames "*"', 'identity:\n  roleNames: ["*"]\n', 'identity.roleNames[0]'],
    [
      'a permanent exemption of every repository from all controls',
      'exemptions:\n  - pattern: "*"\n    controls: [all]\n    reason: temporary\n',
      'exemptions[0]',
    ],
  ])('refuses a standard that switches ecr-guard off: %s', async (_case, yaml, field) => {
    // Prepare
    const cli = io();

    // Act
    const code = await main(['policy', 'validate', standardFile(yaml)], cli);

    // Assess
    expect(code).toBe(2);
    expect(cli.err.join('')).toContain('would switch ecr-guard off');
    expect(cli.err.join('')).toContain(field);
    expect(cli.out).toEqual([]);
  });

  it('accepts such a standard with --allow-broad, and still warns', async () => {
    // Prepare
    const cli = io();
    const path = standardFile('identity:\n  roleNames: ["*"]\n');

    // Act
    const code = await main(['policy', 'validate', path, '--allow-broad'], cli);

    // Assess
    expect(code).toBe(0);
    expect(cli.out.join('')).toBe(`${path}: valid\n`);
    expect(cli.err.join('')).toMatch(/^warning: identity\.roleNames\[0\]/);
  });

  it('accepts an exemption of every repository that ends, or names controls', async () => {
    // Prepare
    const cli = io();
    const path = standardFile(
      'exemptions:\n  - pattern: "*"\n    controls: [all]\n    reason: migration\n    until: "2027-01-31"\n  - pattern: "*"\n    controls: [lifecycle]\n    reason: storage is cheap here\n',
    );

    // Act
    const code = await main(['policy', 'validate', path], cli);

    // Assess
    expect(code).toBe(0);
    expect(cli.err).toEqual([]);
  });
});
