import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyCommand } from '../../../cli/commands/policy.ts';
import type { CliIo } from '../../../cli/io.ts';

function io(): CliIo & { out: string; err: string } {
  const sink = { out: '', err: '' };
  return Object.assign(sink, {
    stdout: (t: string) => {
      sink.out += t;
    },
    stderr: (t: string) => {
      sink.err += t;
    },
    readStdin: async () => '',
    env: {},
  });
}

describe('Command: ecr-guard policy validate › lifecycle warnings', () => {
  it('accepts a policy ECR accepts, and warns that two prefixes mean both', async () => {
    // Prepare
    const path = join(tmpdir(), `ecr-guard-warn-${process.pid}.yml`);
    await writeFile(
      path,
      [
        'lifecycle:',
        '  policy:',
        '    rules:',
        '      - rulePriority: 1',
        '        selection: {tagStatus: tagged, tagPrefixList: [prod, latest], countType: imageCountMoreThan, countNumber: 9999}',
        '        action: {type: expire}',
      ].join('\n'),
    );
    const cli = io();

    // Act
    const code = await policyCommand(['validate', path], cli);

    // Assess
    expect(code).toBe(0);
    expect(cli.out).toContain('valid');
    expect(cli.err).toMatch(
      /warning: lifecycle\.policy\.rules\[0\]: lists 2 tag prefixes \(prod, latest\)/,
    );
  });

  it('has no warning for the default standard', async () => {
    // Prepare
    const cli = io();

    // Act
    const code = await policyCommand(['validate', 'ecr-guard.yml'], cli);

    // Assess
    expect(code).toBe(0);
    expect(cli.err).toBe('');
  });

  it('warns about the lifecycle policy of a scope, named by the scope’s field', async () => {
    // Prepare
    const path = join(tmpdir(), `ecr-guard-warn-scope-${process.pid}.yml`);
    await writeFile(
      path,
      [
        'scopes:',
        '  - name: archive',
        '    match: {repositories: [archive/*]}',
        '    lifecycle:',
        '      policy:',
        '        rules:',
        '          - rulePriority: 1',
        '            selection: {tagStatus: any, countType: imageCountMoreThan, countNumber: 5}',
        '            action: {type: transition, targetStorageClass: archive}',
      ].join('\n'),
    );
    const cli = io();

    // Act
    const code = await policyCommand(['validate', path], cli);

    // Assess
    expect(code).toBe(0);
    expect(cli.err).toMatch(
      /warning: scopes\[0\]\.lifecycle\.policy\.rules\[0\]: imageCountMoreThan archives images whatever their age/,
    );
    expect(cli.err).not.toMatch(/warning: lifecycle\.policy/);
  });
});
