import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_STANDARD } from '#lib/standard/default-standard.ts';
import { StandardError, StandardFileError, StandardValidationError } from '#lib/standard/errors.ts';
import { loadStandard, parseStandard, parseStandardYaml } from '#lib/standard/load-standard.ts';

const ROOT_STANDARD = fileURLToPath(new URL('../../../ecr-guard.yml', import.meta.url));

/** Runs `act` and returns what it threw. */
function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function issuesOf(raw: unknown): unknown {
  const error = thrownBy(() => parseStandard(raw));
  expect(error).toBeInstanceOf(StandardValidationError);
  return (error as StandardValidationError).issues;
}

describe('Function: parseStandard', () => {
  it.each([
    { name: 'undefined', raw: undefined },
    { name: 'null (an empty YAML file)', raw: null },
    { name: 'an empty mapping', raw: {} },
    { name: 'empty sections', raw: { immutability: {}, lifecycle: {}, identity: {} } },
    { name: 'only the version', raw: { version: 1 } },
  ])('applies every default to $name', ({ raw }) => {
    // Act
    const standard = parseStandard(raw);

    // Assess
    expect(standard).toEqual(DEFAULT_STANDARD);
  });

  it('documents the defaults', () => {
    // Assess
    expect(DEFAULT_STANDARD).toEqual({
      immutability: {
        mode: 'IMMUTABLE_WITH_EXCLUSION',
        exclusions: ['latest'],
        exemptPullThroughCache: true,
      },
      lifecycle: {
        mode: 'add-if-missing',
        policy: expect.any(Object),
        protectInUse: true,
        inUseWindowDays: 30,
        inUseSources: ['ecs', 'lambda', 'inspector'],
        auditImages: false,
        scannerRoleArns: [],
      },
      scanning: { manageRegistry: false },
      naming: {
        mode: 'report',
        pattern: '{team}-{app}-{component}',
        namespaces: [],
        exemptPullThroughCache: true,
      },
      repositoryPolicy: {
        mode: 'report',
        allowedAccounts: [],
        pushAccounts: [],
        organizationIds: [],
      },
      encryption: { mode: 'report', require: 'AES256', allowedKeys: [] },
      tagStrategy: {
        mode: 'report',
        sampleImages: 20,
        allowed: ['semver', 'git-sha', 'date', 'prod', 'staging', 'latest'],
      },
      creationTemplates: {
        mode: 'report',
        prefixes: ['ROOT'],
        appliedFor: ['CREATE_ON_PUSH', 'PULL_THROUGH_CACHE', 'REPLICATION'],
      },
      registryScanning: { mode: 'check' },
      vpcEndpoints: { check: false, mode: 'report' },
      alerts: { minSeverity: 'HIGH', window: 60, groupAbove: 5, quietAfterDays: 90, digest: 'off' },
      ownership: { teamTagKey: 'team' },
      notices: {
        enabled: true,
        minInterval: '1h',
        exemptionHelp:
          'An exemption needs the approval of the platform team: ask them before setting the tags.',
      },
      exemptions: [],
      identity: { roleNames: ['ecr-guard-*'] },
      cost: { storagePricePerGbMonth: 0.1, currency: 'EUR', regionPrices: {} },
      scopes: [],
    });
    expect(
      DEFAULT_STANDARD.lifecycle.policy.rules.map(({ rulePriority, selection }) => [
        rulePriority,
        selection.tagStatus,
        selection.countType,
        selection.countNumber,
      ]),
    ).toEqual([
      [1, 'tagged', 'imageCountMoreThan', 9999],
      [2, 'tagged', 'imageCountMoreThan', 9999],
      [3, 'untagged', 'sinceImagePushed', 1],
      [4, 'any', 'imageCountMoreThan', 10],
    ]);
    // prod* or latest*: one pattern per rule (a rule with both selects only images with both).
    expect(DEFAULT_STANDARD.lifecycle.policy.rules.map((r) => r.selection.tagPatternList)).toEqual([
      ['prod*'],
      ['latest*'],
      undefined,
      undefined,
    ]);
  });

  it('keeps the fields it is given and defaults the others', () => {
    // Act
    const standard = parseStandard({
      immutability: { mode: 'IMMUTABLE' },
      alerts: { minSeverity: 'CRITICAL' },
      exemptions: [
        {
          pattern: 'legacy/*',
          controls: ['immutability'],
          reason: 'migration',
          until: '2026-06-30',
        },
      ],
    });

    // Assess
    expect(standard).toEqual({
      ...DEFAULT_STANDARD,
      immutability: { mode: 'IMMUTABLE', exclusions: ['latest'], exemptPullThroughCache: true },
      alerts: {
        minSeverity: 'CRITICAL',
        window: 60,
        groupAbove: 5,
        quietAfterDays: 90,
        digest: 'off',
      },
      exemptions: [
        {
          pattern: 'legacy/*',
          controls: ['immutability'],
          reason: 'migration',
          until: '2026-06-30',
        },
      ],
    });
  });

  it('accepts no exclusions in IMMUTABLE mode', () => {
    // Act
    const standard = parseStandard({ immutability: { mode: 'IMMUTABLE', exclusions: [] } });

    // Assess
    expect(standard.immutability).toEqual({
      mode: 'IMMUTABLE',
      exclusions: [],
      exemptPullThroughCache: true,
    });
  });

  it('holds pull-through cache repositories to immutability when told to', () => {
    // Act
    const standard = parseStandard({ immutability: { exemptPullThroughCache: false } });

    // Assess
    expect(standard.immutability.exemptPullThroughCache).toBe(false);
  });

  it('returns a copy the caller may change without touching the defaults', () => {
    // Prepare
    const standard = parseStandard({});

    // Act
    standard.immutability.exclusions.push('dev-*');
    standard.lifecycle.policy.rules.pop();

    // Assess
    expect(DEFAULT_STANDARD.immutability.exclusions).toEqual(['latest']);
    expect(DEFAULT_STANDARD.lifecycle.policy.rules).toHaveLength(4);
    expect(Object.isFrozen(DEFAULT_STANDARD.lifecycle.policy.rules[0]?.selection)).toBe(true);
  });

  it.each([
    { raw: { immutabilty: { mode: 'IMMUTABLE' } }, path: 'immutabilty' },
    { raw: { lifecycle: { mod: 'enforce' } }, path: 'lifecycle.mod' },
    { raw: { scanning: { manageRegistry: true, enabled: true } }, path: 'scanning.enabled' },
    {
      raw: { exemptions: [{ pattern: 'a', controls: ['all'], reason: 'r', expires: 'x' }] },
      path: 'exemptions[0].expires',
    },
  ])('refuses the unknown key $path', ({ raw, path }) => {
    // Act
    const issues = issuesOf(raw);

    // Assess
    expect(issues).toEqual([{ path, message: expect.stringMatching(/^unknown key/) }]);
  });

  it('suggests the key a typo meant', () => {
    // Act
    const issues = issuesOf({ immutabilty: {} });

    // Assess
    expect(issues).toEqual([
      { path: 'immutabilty', message: 'unknown key (did you mean immutability?)' },
    ]);
  });

  it.each([
    {
      raw: { version: 2 },
      path: 'version',
      message: 'must be 1 (got 2)',
    },
    {
      raw: { immutability: { mode: 'MUTABLE' } },
      path: 'immutability.mode',
      message: 'must be one of IMMUTABLE, IMMUTABLE_WITH_EXCLUSION (got "MUTABLE")',
    },
    {
      raw: { immutability: { exclusions: [] } },
      path: 'immutability.exclusions',
      message: '1–5 filters required with mode IMMUTABLE_WITH_EXCLUSION (found 0)',
    },
    {
      raw: { immutability: { exclusions: ['a', 'b', 'c', 'd', 'e', 'f'] } },
      path: 'immutability.exclusions',
      message: '1–5 filters required with mode IMMUTABLE_WITH_EXCLUSION (found 6)',
    },
    {
      raw: { immutability: { exclusions: ['release/1'] } },
      path: 'immutability.exclusions[0]',
      message: 'must match ^[0-9a-zA-Z._*-]{1,128}$',
    },
    {
      raw: { immutability: { exclusions: ['x'.repeat(129)] } },
      path: 'immutability.exclusions[0]',
      message: 'must match ^[0-9a-zA-Z._*-]{1,128}$',
    },
    {
      raw: { immutability: { exclusions: ['latest', 'latest'] } },
      path: 'immutability.exclusions[1]',
      message: 'duplicate filter',
    },
    {
      raw: { immutability: { exemptPullThroughCache: 'no' } },
      path: 'immutability.exemptPullThroughCache',
      message: 'must be true or false (got "no")',
    },
    {
      raw: { lifecycle: { mode: 'replace' } },
      path: 'lifecycle.mode',
      message: 'must be one of add-if-missing, enforce (got "replace")',
    },
    {
      raw: { scanning: { manageRegistry: 'yes' } },
      path: 'scanning.manageRegistry',
      message: 'must be true or false (got "yes")',
    },
    {
      raw: { alerts: { minSeverity: 'high' } },
      path: 'alerts.minSeverity',
      message: 'must be one of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNDEFINED (got "high")',
    },
    {
      raw: { ownership: { teamTagKey: '' } },
      path: 'ownership.teamTagKey',
      message: 'must not be empty',
    },
    {
      raw: { notices: { minInterval: 'an hour' } },
      path: 'notices.minInterval',
      message: 'must be a duration such as 30m, 1h or 1d',
    },
    {
      raw: { notices: { exemptionHelp: ' ' } },
      path: 'notices.exemptionHelp',
      message: 'must say who approves an exemption',
    },
    {
      raw: { exemptions: [{ pattern: 'Legacy/*', controls: ['all'], reason: 'r' }] },
      path: 'exemptions[0].pattern',
      message: 'must be a repository name pattern: lowercase letters, digits, . _ - / and *',
    },
    {
      raw: { exemptions: [{ pattern: 'a', controls: ['signing'], reason: 'r' }] },
      path: 'exemptions[0].controls[0]',
      message:
        'must be one of immutability, lifecycle, scanning, naming, repository-policy, encryption, tag-strategy, creation-templates, registry-scanning, vpc-endpoints, all (got "signing")',
    },
    {
      raw: { exemptions: [{ pattern: 'a', controls: ['all'], reason: '  ' }] },
      path: 'exemptions[0].reason',
      message: 'must say why the repository is exempt',
    },
    {
      raw: { exemptions: [{ pattern: 'a', controls: ['all'] }] },
      path: 'exemptions[0].reason',
      message: 'required',
    },
    {
      raw: { exemptions: [{ pattern: 'a', controls: ['all'], reason: 'r', until: '2025-02-30' }] },
      path: 'exemptions[0].until',
      message: 'must be a date YYYY-MM-DD',
    },
    {
      raw: { identity: { roleNames: [] } },
      path: 'identity.roleNames',
      message: "must list at least one role name, or ecr-guard's own writes look like drift",
    },
    {
      raw: { lifecycle: { policy: null } },
      path: 'lifecycle.policy',
      message: 'must be a mapping (got null)',
    },
    {
      raw: ['immutability'],
      path: '(root)',
      message: 'must be a mapping (got a list)',
    },
  ])('refuses $path: $message', ({ raw, path, message }) => {
    // Act
    const issues = issuesOf(raw);

    // Assess
    expect(issues).toEqual([{ path, message }]);
  });

  it('names every issue and the source file in the error message', () => {
    // Act
    const error = thrownBy(() =>
      parseStandard({ immutabilty: {}, alerts: { minSeverity: 'SEVERE' } }, 'config/ecr-guard.yml'),
    );

    // Assess
    expect(error).toBeInstanceOf(StandardValidationError);
    expect(error).toBeInstanceOf(StandardError);
    expect(error).toMatchObject({
      name: 'StandardValidationError',
      source: 'config/ecr-guard.yml',
      message: [
        'config/ecr-guard.yml is not a valid ecr-guard standard (2 issues):',
        '  - alerts.minSeverity: must be one of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNDEFINED (got "SEVERE")',
        '  - immutabilty: unknown key (did you mean immutability?)',
      ].join('\n'),
    });
  });
});

describe('Function: parseStandardYaml', () => {
  it.each([
    { name: 'an empty file', text: '' },
    { name: 'a file of comments', text: '# nothing to change\n' },
  ])('applies every default to $name', ({ text }) => {
    // Act
    const standard = parseStandardYaml(text);

    // Assess
    expect(standard).toEqual(DEFAULT_STANDARD);
  });

  it('reads the repository’s ecr-guard.yml as exactly the defaults', async () => {
    // Prepare
    const text = await readFile(ROOT_STANDARD, 'utf8');

    // Act
    const standard = parseStandardYaml(text, 'ecr-guard.yml');

    // Assess
    expect(standard).toEqual(DEFAULT_STANDARD);
  });

  it('reads YAML values as the standard', () => {
    // Prepare
    const text = [
      'lifecycle:',
      '  mode: enforce',
      'exemptions:',
      "  - pattern: 'sandbox/*'",
      '    controls: [lifecycle, scanning]',
      '    reason: Short-lived experiments',
      '    until: 2026-01-31',
    ].join('\n');

    // Act
    const standard = parseStandardYaml(text);

    // Assess
    expect(standard.lifecycle.mode).toBe('enforce');
    expect(standard.exemptions).toEqual([
      {
        pattern: 'sandbox/*',
        controls: ['lifecycle', 'scanning'],
        reason: 'Short-lived experiments',
        until: '2026-01-31',
      },
    ]);
  });

  it.each([
    {
      name: 'a broken indentation',
      text: 'lifecycle:\n  mode: enforce\n mode: add-if-missing\n',
      line: 3,
      column: 1,
    },
    {
      name: 'an unclosed flow sequence',
      text: 'immutability:\n  exclusions: [latest\n',
      line: 3,
      column: 1,
    },
    { name: 'a duplicate key', text: 'alerts: {}\nalerts: {}\n', line: 2, column: 1 },
  ])('refuses $name with its line and column', ({ text, line, column }) => {
    // Act
    const error = thrownBy(() => parseStandardYaml(text, 'ecr-guard.yml'));

    // Assess
    expect(error).toBeInstanceOf(StandardFileError);
    expect(error).toMatchObject({
      name: 'StandardFileError',
      source: 'ecr-guard.yml',
      line,
      column,
      message: expect.stringMatching(
        new RegExp(`^ecr-guard\\.yml: not valid YAML at line ${line}, column ${column}: `),
      ),
      cause: expect.any(Error),
    });
  });

  it('validates what the YAML says', () => {
    // Act
    const error = thrownBy(() => parseStandardYaml('immutabilty:\n  mode: IMMUTABLE\n'));

    // Assess
    expect(error).toBeInstanceOf(StandardValidationError);
    expect((error as StandardValidationError).issues).toEqual([
      { path: 'immutabilty', message: 'unknown key (did you mean immutability?)' },
    ]);
  });
});

describe('Function: loadStandard', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ecr-guard-standard-'));
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(directory, { recursive: true, force: true });
  });

  it('reads the repository’s own ecr-guard.yml as the defaults', async () => {
    // Act
    const standard = await loadStandard(ROOT_STANDARD);

    // Assess
    expect(standard).toEqual(DEFAULT_STANDARD);
  });

  it('reads ecr-guard.yml from the working directory when no path is given', async () => {
    // Prepare
    await writeFile(join(directory, 'ecr-guard.yml'), 'alerts:\n  minSeverity: CRITICAL\n');
    vi.spyOn(process, 'cwd').mockReturnValue(directory);

    // Act
    const standard = await loadStandard();

    // Assess
    expect(standard.alerts.minSeverity).toBe('CRITICAL');
  });

  it('falls back to the defaults when the working directory has no ecr-guard.yml', async () => {
    // Prepare
    vi.spyOn(process, 'cwd').mockReturnValue(directory);

    // Act
    const standard = await loadStandard();

    // Assess
    expect(standard).toEqual(DEFAULT_STANDARD);
  });

  it('refuses an explicit path that does not exist', async () => {
    // Prepare
    const path = join(directory, 'missing.yml');

    // Act
    const loading = loadStandard(path);

    // Assess
    await expect(loading).rejects.toBeInstanceOf(StandardFileError);
    await expect(loading).rejects.toMatchObject({
      message: `${path}: file not found`,
      source: path,
      cause: expect.objectContaining({ code: 'ENOENT' }),
    });
  });

  it('refuses a path it cannot read as a file', async () => {
    // Act
    const loading = loadStandard(directory);

    // Assess
    await expect(loading).rejects.toMatchObject({
      name: 'StandardFileError',
      message: `${directory}: cannot read the file (EISDIR)`,
    });
  });

  it('names the file in validation errors', async () => {
    // Prepare
    const path = join(directory, 'standard.yml');
    await writeFile(path, 'lifecycle:\n  mode: sometimes\n');

    // Act
    const loading = loadStandard(path);

    // Assess
    await expect(loading).rejects.toBeInstanceOf(StandardValidationError);
    await expect(loading).rejects.toMatchObject({
      source: path,
      issues: [
        {
          path: 'lifecycle.mode',
          message: 'must be one of add-if-missing, enforce (got "sometimes")',
        },
      ],
    });
  });
});
