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

describe('Command: policy show --repository', () => {
  const scoped =
    'scopes:\n  - name: production\n    match: { repositories: ["*-prod-*"], tags: { env: prod } }\n    immutability: { mode: IMMUTABLE }\n';

  it.each([
    [['--repository', 'shop-prod-api', '--tag', 'env=prod'], 'production', 'IMMUTABLE'],
    [['--repository', 'shop-prod-api'], 'default', 'IMMUTABLE_WITH_EXCLUSION'],
    [['--repository', 'shop-dev-api', '--tag', 'env=prod'], 'default', 'IMMUTABLE_WITH_EXCLUSION'],
  ])('prints the standard as it applies to %j', async (args, scope, mode) => {
    // Prepare
    const cli = io();

    // Act
    const code = await main(
      ['policy', 'show', '--config', standardFile(scoped), '--format', 'json', ...args],
      cli,
    );

    // Assess
    expect(code).toBe(0);
    const shown = JSON.parse(cli.out.join(''));
    expect(shown).toMatchObject({ scope, immutability: { mode } });
    expect(shown.scopes).toBeUndefined();
  });

  it('refuses a tag that is not key=value, and --tag without --repository', async () => {
    // Prepare
    const [bad, alone] = [io(), io()];

    // Act
    const badCode = await main(['policy', 'show', '--repository', 'x', '--tag', 'prod'], bad);
    const aloneCode = await main(['policy', 'show', '--tag', 'env=prod'], alone);

    // Assess
    expect([badCode, aloneCode]).toEqual([2, 2]);
    expect(bad.err.join('')).toContain('--tag must be key=value, not "prod"');
    expect(alone.err.join('')).toContain('give --repository too');
  });
});

describe('Command: policy validate › warnings', () => {
  it('warns about a scope that can never match, and still validates', async () => {
    // Prepare
    const cli = io();
    const path = standardFile(
      'scopes:\n  - name: everything\n  - name: never\n    match: { repositories: ["a-*"] }\n',
    );

    // Act
    const code = await main(['policy', 'validate', path], cli);

    // Assess
    expect(code).toBe(0);
    expect(cli.err.join('')).toContain('warning: scopes[1] (never): can never match');
  });
});
