import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeRepositoriesCommand,
  type ECRClient,
  GetLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../harness/aws-proxy.ts';
import { arrangeClient, createRepository } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { EVENT_FIXTURES_DIR } from '../../harness/fixtures.ts';
import { cliEnvironment, runCli } from '../support/run-cli.ts';

const PUSH_FILE = new URL('ecr-image-action-push-success.aws-docs.json', EVENT_FIXTURES_DIR)
  .pathname;
const REPOSITORY = 'my-repository-name';
const REGION = 'us-west-2';

describe('CLI: ecr-guard', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let ecr: ECRClient;
  let awsEnv: Record<string, string>;

  beforeAll(async () => {
    proxy = await startAwsProxy({ target: endpoint });
    ecr = arrangeClient(endpoint, REGION);
    awsEnv = cliEnvironment(proxy.endpoint, REGION);
  });

  afterAll(async () => {
    await proxy.close();
  });

  beforeEach(async () => {
    await resetEmulator(endpoint);
    proxy.clear();
  });

  describe('Command: parse-event', () => {
    it('prints the normalized event', async () => {
      // Act
      const { code, stdout } = await runCli(['parse-event', PUSH_FILE], {});

      // Assess
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({
        kind: 'image-pushed',
        account: '123456789012',
        region: 'us-west-2',
        repositoryName: REPOSITORY,
        imageTag: 'latest',
      });
    });

    it.each([
      ['not JSON', 'hello', /^ecr-guard parse-event: invalid event: not JSON/],
      ['not an AWS event', '{"a":1}', /^ecr-guard parse-event: invalid event: /],
    ])('exits 2 with a one-line reason for %s', async (_what, input, reason) => {
      // Act
      const { code, stdout, stderr } = await runCli(['parse-event', '-'], {}, input);

      // Assess
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(reason);
    });
  });

  describe('Command: handle', () => {
    it('makes a non-compliant repository compliant, as the Lambda would', async () => {
      // Prepare
      await createRepository(ecr, REPOSITORY);

      // Act
      const { code, stdout } = await runCli(['handle', PUSH_FILE], awsEnv);

      // Assess
      expect(code).toBe(0);
      const output = JSON.parse(stdout);
      expect(
        Object.fromEntries(
          output.result.repositories[0].controls.map((c: { control: string; status: string }) => [
            c.control,
            c.status,
          ]),
        ),
      ).toEqual({
        immutability: 'remediated',
        lifecycle: 'remediated',
        scanning: 'remediated',
        // The checklist's repository-level controls, which this repository meets.
        naming: 'compliant',
        'repository-policy': 'compliant',
        encryption: 'compliant',
        'tag-strategy': 'compliant',
      });
      const { repositories } = await ecr.send(
        new DescribeRepositoriesCommand({ repositoryNames: [REPOSITORY] }),
      );
      expect(repositories?.[0]?.imageTagMutability).toBe('IMMUTABLE_WITH_EXCLUSION');
    });

    it('plans without writing under --dry-run, and exits 1 because the repository is not compliant', async () => {
      // Prepare
      await createRepository(ecr, REPOSITORY);

      // Act
      const { code, stdout } = await runCli(['handle', PUSH_FILE, '--dry-run'], awsEnv);

      // Assess
      expect(code).toBe(1);
      const output = JSON.parse(stdout);
      expect(output.dryRun).toBe(true);
      expect(
        output.result.repositories[0].controls.flatMap((c: { writes: { action: string }[] }) =>
          c.writes.map((w) => w.action),
        ),
      ).toEqual([
        'ecr:PutImageTagMutability',
        'ecr:PutLifecyclePolicy',
        'ecr:PutImageScanningConfiguration',
      ]);
      expect(proxy.operations().filter(isWriteOperation)).toEqual([]);
    });

    it('replaces a team lifecycle policy when the standard says enforce', async () => {
      // Prepare
      const teamPolicy = JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: 'keep 50',
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 },
            action: { type: 'expire' },
          },
        ],
      });
      await createRepository(ecr, REPOSITORY, { lifecyclePolicyText: teamPolicy });
      const dir = await mkdtemp(join(tmpdir(), 'ecr-guard-'));
      const config = join(dir, 'ecr-guard.yml');
      await writeFile(config, 'lifecycle:\n  mode: enforce\n');

      // Act
      const { code, stdout } = await runCli(['handle', PUSH_FILE, '--config', config], awsEnv);

      // Assess
      expect(code).toBe(0);
      expect(JSON.parse(stdout).result.repositories[0].controls[1]).toMatchObject({
        control: 'lifecycle',
        status: 'remediated',
      });
      const policy = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: REPOSITORY }));
      expect(JSON.parse(policy.lifecyclePolicyText ?? '{}').rules).toHaveLength(4);
    });

    it('refuses an invalid standard, naming the field, with exit 2 and no AWS call', async () => {
      // Prepare
      const dir = await mkdtemp(join(tmpdir(), 'ecr-guard-'));
      const config = join(dir, 'ecr-guard.yml');
      await writeFile(config, 'lifecycle:\n  mode: sometimes\n');

      // Act
      const { code, stderr } = await runCli(['handle', PUSH_FILE, '--config', config], awsEnv);

      // Assess
      expect(code).toBe(2);
      expect(stderr).toContain('lifecycle.mode');
      expect(proxy.operations()).toEqual([]);
    });
  });

  describe('Command: policy', () => {
    it('validates the project standard', async () => {
      const { code, stdout } = await runCli(['policy', 'validate', 'ecr-guard.yml'], {});
      expect(code).toBe(0);
      expect(stdout).toBe('ecr-guard.yml: valid\n');
    });

    it('shows the effective standard with every default', async () => {
      const { code, stdout } = await runCli(['policy', 'show', '--format', 'json'], {});
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({
        immutability: { mode: 'IMMUTABLE_WITH_EXCLUSION', exclusions: ['latest'] },
        alerts: { minSeverity: 'HIGH' },
      });
    });
  });

  it('lists its commands with --help', async () => {
    const { code, stdout } = await runCli(['--help'], {});
    expect(code).toBe(0);
    for (const command of ['parse-event', 'handle', 'policy']) expect(stdout).toContain(command);
  });
});
