import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StandardFileError, StandardValidationError } from '#lib/standard/index.ts';
import { loadStandard, parseStandardYaml } from '#lib/standard/load-compiled-standard.ts';

async function fileWith(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'ecr-guard-compiled-')), 'ecr-guard.json');
  await writeFile(path, text);
  return path;
}

describe('Function: loadStandard (the function bundles’ loader)', () => {
  it('reads the compiled JSON and applies the defaults', async () => {
    // Prepare
    const path = await fileWith(JSON.stringify({ alerts: { minSeverity: 'CRITICAL' } }));

    // Act
    const standard = await loadStandard(path);

    // Assess
    expect(standard.alerts.minSeverity).toBe('CRITICAL');
    expect(standard.immutability.exclusions).toEqual(['latest']);
  });

  it('refuses a file that is not JSON, naming it', async () => {
    // Prepare
    const path = await fileWith('lifecycle:\n  mode: enforce\n');

    // Act & Assess
    const failure = loadStandard(path);
    await expect(failure).rejects.toBeInstanceOf(StandardFileError);
    await expect(failure).rejects.toThrow(`${path}: not JSON`);
  });

  it('refuses a missing file, naming it', async () => {
    // Act & Assess
    await expect(loadStandard('/nonexistent/ecr-guard.json')).rejects.toBeInstanceOf(
      StandardFileError,
    );
  });

  it('validates what it reads, as the YAML loader does', async () => {
    // Prepare
    const path = await fileWith(JSON.stringify({ lifecycle: { mode: 'sometimes' } }));

    // Act & Assess
    await expect(loadStandard(path)).rejects.toBeInstanceOf(StandardValidationError);
  });

  it('has no YAML parser, and says where the standard comes from instead', () => {
    expect(() => parseStandardYaml('a: 1', 'ecr-guard.yml')).toThrow(/compiled to JSON/);
  });
});
