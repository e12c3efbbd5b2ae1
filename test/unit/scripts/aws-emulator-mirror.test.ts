import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = new URL('../../../scripts/aws-emulator.sh', import.meta.url).pathname;

/** `scripts/aws-emulator.sh --sid-source`, reading apt's configuration from `aptEtc`. */
function sidSource(aptEtc: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [SCRIPT, '--sid-source'],
      { env: { PATH: process.env.PATH ?? '', ECR_GUARD_APT_ETC: aptEtc }, timeout: 10_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 99;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** An apt configuration folder with these files (paths relative to it). */
async function aptEtc(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ecr-guard-apt-'));
  await mkdir(join(dir, 'sources.list.d'));
  for (const [path, text] of Object.entries(files)) await writeFile(join(dir, path), text);
  return dir;
}

describe('Script: aws-emulator.sh, the Debian mirror', () => {
  it('takes the mirror and keyring of the machine’s deb822 source, not its security one', async () => {
    // Prepare: the layout of Debian's own images (debian.sources), on a local mirror.
    const dir = await aptEtc({
      'sources.list.d/debian.sources': [
        'Types: deb',
        'URIs: http://apt.internal.example/debian-security',
        'Suites: bookworm-security',
        'Components: main',
        'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
        '',
        'Types: deb',
        '# a comment between fields',
        'URIs: http://apt.internal.example/debian',
        'Suites: bookworm bookworm-updates',
        'Components: main',
        'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
        '',
      ].join('\n'),
    });

    // Act
    const { code, stdout } = await sidSource(dir);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toBe(
      'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://apt.internal.example/debian sid main\n',
    );
  });

  it('reads a one-line sources.list when there is no deb822 source', async () => {
    // Prepare
    const dir = await aptEtc({
      'sources.list': [
        '# a corporate mirror',
        'deb-src http://mirror.corp.example/debian bookworm main',
        'deb [arch=amd64 signed-by=/etc/apt/keyrings/corp.gpg] http://mirror.corp.example/debian bookworm main contrib',
        '',
      ].join('\n'),
    });

    // Act
    const { code, stdout } = await sidSource(dir);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toBe(
      'deb [signed-by=/etc/apt/keyrings/corp.gpg] http://mirror.corp.example/debian sid main\n',
    );
  });

  it('says where it looked, and exits 1, when the machine has no Debian source', async () => {
    // Prepare
    const dir = await aptEtc({});

    // Act
    const { code, stdout, stderr } = await sidSource(dir);

    // Assess
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`no Debian source found in ${dir}`);
    expect(stderr).toContain('pip install');
  });

  it('writes no mirror address of its own', async () => {
    // Act
    const text = await readFile(SCRIPT, 'utf8');

    // Assess
    expect(text).not.toMatch(/deb\.debian\.org|ftp\.[a-z]+\.debian\.org/);
    expect(text).not.toMatch(/deb\s+https?:\/\//);
  });
});
