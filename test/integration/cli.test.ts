import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeRepositoriesCommand,
  type ECRClient,
  GetLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { type AwsProxy, isWriteOperation, startAwsProxy } from '../../harness/aws-proxy.ts';
import { arrangeClient, createRepository, TEST_CREDENTIALS } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { EVENT_FIXTURES_DIR } from '../../harness/fixtures.ts';
import { assumedRoleArn, MEMBER_ACCOUNT, memberEcrClient } from '../support/member-account.ts';
import { CLI_BIN, cliEnvironment, runCli } from '../support/run-cli.ts';

const PUSH_FILE = new URL('ecr-image-action-push-success.aws-docs.json', EVENT_FIXTURES_DIR)
  .pathname;
const CLOUDTRAIL_RECORD_FILE = new URL(
  'cloudtrail-record-ecr-createrepository.aws-docs.json',
  EVENT_FIXTURES_DIR,
).pathname;
const REPOSITORY = 'my-repository-name';
const REGION = 'us-west-2';

describe('CLI: ecr-guard', () => {
  const endpoint = inject('awsEndpoint');
  let proxy: AwsProxy;
  let ecr: ECRClient;
  let awsEnv: Record<string, string>;
  /** The bodies of the sts:AssumeRole requests the proxy saw. */
  const assumeRoleBodies: string[] = [];

  beforeAll(async () => {
    proxy = await startAwsProxy({
      target: endpoint,
      fault: (call, { body }) => {
        if (call.operation === 'AssumeRole') assumeRoleBodies.push(body);
        return undefined;
      },
    });
    ecr = arrangeClient(endpoint, REGION);
    awsEnv = cliEnvironment(proxy.endpoint, REGION);
  });

  afterAll(async () => {
    await proxy.close();
  });

  beforeEach(async () => {
    await resetEmulator(endpoint);
    proxy.clear();
    assumeRoleBodies.length = 0;
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

  it.each([['parse-event'], ['handle']])(
    'explains to %s that a bare CloudTrail record is what EventBridge wraps, instead of a schema dump',
    async (command) => {
      // Act
      const { code, stdout, stderr } = await runCli([command, CLOUDTRAIL_RECORD_FILE], awsEnv);

      // Assess
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(
        "is a CloudTrail record (CreateRepository from ecr.amazonaws.com), not an EventBridge event; EventBridge delivers it as the detail of an 'AWS API Call via CloudTrail' event",
      );
      expect(stderr).not.toContain('invalid_');
      expect(proxy.operations()).toEqual([]);
    },
  );

  describe('Command: handle', () => {
    it('acts in the event’s account through its member role, as the Lambda does', async () => {
      // Prepare: the push happened in a member account, whose repository is not compliant.
      const member = await memberEcrClient(endpoint, REGION);
      await createRepository(member, REPOSITORY);
      const event = JSON.parse(await readFile(PUSH_FILE, 'utf8'));
      const file = join(await mkdtemp(join(tmpdir(), 'ecr-guard-')), 'push.json');
      await writeFile(file, JSON.stringify({ ...event, account: MEMBER_ACCOUNT }));
      assumeRoleBodies.length = 0;

      // Act
      const { code, stdout, stderr } = await runCli(['handle', file], awsEnv);

      // Assess
      expect(stderr).toBe('');
      expect(code).toBe(0);
      // The three fixes made; the checklist's report-only controls judge the rest as compliant.
      const controls = JSON.parse(stdout).result.repositories[0].controls as {
        control: string;
        status: string;
      }[];
      expect(controls.filter((c) => c.status === 'remediated').map((c) => c.control)).toEqual([
        'immutability',
        'lifecycle',
        'scanning',
      ]);
      expect(controls.filter((c) => c.status !== 'remediated').map((c) => c.status)).toEqual(
        controls.filter((c) => c.status !== 'remediated').map(() => 'compliant'),
      );
      const { repositories } = await member.send(
        new DescribeRepositoriesCommand({ repositoryNames: [REPOSITORY] }),
      );
      expect(repositories?.[0]?.imageTagMutability).toBe('IMMUTABLE_WITH_EXCLUSION');
      expect(assumeRoleBodies.map(assumedRoleArn)).toEqual([
        `arn:aws:iam::${MEMBER_ACCOUNT}:role/ecr-guard-remediation`,
      ]);
      const assumed = new URLSearchParams(assumeRoleBodies[0]);
      expect(assumed.get('RoleSessionName')).toBe('ecr-guard-handle');
      expect(assumed.get('SourceIdentity')).toBe('ecr-guard-handle');
      // The central (caller's) account's registry is not touched.
      await expect(
        ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [REPOSITORY] })),
      ).rejects.toMatchObject({ name: 'RepositoryNotFoundException' });
    });

    it('takes the member role from --role-name', async () => {
      // Prepare
      const event = JSON.parse(await readFile(PUSH_FILE, 'utf8'));
      const file = join(await mkdtemp(join(tmpdir(), 'ecr-guard-')), 'push.json');
      await writeFile(file, JSON.stringify({ ...event, account: MEMBER_ACCOUNT }));

      // Act
      await runCli(['handle', file, '--role-name', 'platform-ecr-guard', '--dry-run'], awsEnv);

      // Assess
      expect(assumeRoleBodies.map(assumedRoleArn)).toEqual([
        `arn:aws:iam::${MEMBER_ACCOUNT}:role/platform-ecr-guard`,
      ]);
    });

    it('says on stderr, in words, that the repository does not exist there, and exits 2', async () => {
      // Act: no repository was created.
      const { code, stderr } = await runCli(['handle', PUSH_FILE], awsEnv);

      // Assess
      expect(code).toBe(2);
      expect(stderr).toBe(
        `repository ${REPOSITORY} does not exist in account 123456789012, region ${REGION}: nothing was checked (deleted since the event, or never created there)\n`,
      );
    });

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

    it.each([
      ['validate', ['policy', 'validate']],
      ['show', ['policy', 'show', '--format', 'json']],
    ])('%s takes its file positionally and with --config alike', async (_sub, command) => {
      // Prepare
      const dir = await mkdtemp(join(tmpdir(), 'ecr-guard-'));
      const config = join(dir, 'strict.yml');
      await writeFile(config, 'alerts:\n  minSeverity: CRITICAL\n');

      // Act
      const positional = await runCli([...command, config], {}, undefined, { cwd: dir });
      const option = await runCli([...command, '--config', config], {}, undefined, { cwd: dir });

      // Assess
      expect(positional.code).toBe(0);
      expect(positional.stdout).toBe(option.stdout);
      expect(positional.stdout).toContain(command[1] === 'show' ? 'CRITICAL' : `${config}: valid`);
    });

    it('says it validated the built-in defaults when there is no ecr-guard.yml', async () => {
      // Prepare
      const dir = await mkdtemp(join(tmpdir(), 'ecr-guard-'));

      // Act
      const { code, stdout } = await runCli(['policy', 'validate'], {}, undefined, { cwd: dir });

      // Assess
      expect(code).toBe(0);
      expect(stdout).toBe(
        `no ecr-guard.yml in ${dir}: validated the built-in defaults, not a file (give FILE, or run where ecr-guard.yml is)\n`,
      );
    });
  });

  describe('Arguments, region and credentials', () => {
    it('refuses a malformed account id before any AWS call', async () => {
      // Act
      const { code, stderr } = await runCli(['audit', '--accounts', 'abc'], awsEnv);

      // Assess
      expect(code).toBe(2);
      expect(stderr).toBe(
        'ecr-guard audit: --accounts: "abc" is not an AWS account id (12 digits)\n',
      );
      expect(proxy.operations()).toEqual([]);
    });

    it('refuses a malformed account id of lifecycle preview before any AWS call', async () => {
      // Act
      const { code, stderr } = await runCli(['lifecycle', 'preview', '--accounts', 'abc'], awsEnv);

      // Assess
      expect(code).toBe(2);
      expect(stderr).toBe(
        'ecr-guard lifecycle: --accounts: "abc" is not an AWS account id (12 digits)\n',
      );
      expect(proxy.operations()).toEqual([]);
    });

    it.each([
      [['audit', '--region', REGION], '--region; did you mean --regions?'],
      [['enforce', '--dryrun'], '--dryrun; did you mean --dry-run?'],
      [['handle', PUSH_FILE, '--dry'], '--dry; did you mean --dry-run?'],
      [['lifecycle', 'preview', '--layer'], '--layer; did you mean --layers?'],
    ])('names the option meant by an unknown one: %j', async (args, hint) => {
      // Act
      const { code, stderr } = await runCli(args, awsEnv);

      // Assess
      expect(code).toBe(2);
      expect(stderr).toContain(`unknown option ${hint}`);
      expect(proxy.operations()).toEqual([]);
    });

    it('takes the region (and the credentials) from the profile in use when AWS_REGION is not set', async () => {
      // Prepare
      const dir = await mkdtemp(join(tmpdir(), 'ecr-guard-'));
      await writeFile(
        join(dir, 'config'),
        `[default]\nregion = eu-west-1\n\n[profile ops]\nregion = ${REGION}\n`,
      );
      await writeFile(
        join(dir, 'credentials'),
        `[ops]\naws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}\n`,
      );
      await createRepository(ecr, REPOSITORY);

      // Act
      const { code, stdout, stderr } = await runCli(['audit', '--format', 'json'], {
        AWS_ENDPOINT_URL: proxy.endpoint,
        AWS_CONFIG_FILE: join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
        AWS_PROFILE: 'ops',
      });

      // Assess
      expect(stderr).not.toContain('no AWS region');
      expect(code).toBe(1);
      const report = JSON.parse(stdout);
      expect(report.run.asked.regions).toEqual([REGION]);
      expect(JSON.stringify(report)).toContain(REPOSITORY);
    });

    it('says how to give credentials when there are none', async () => {
      // Prepare: nowhere to find any (no keys, no profile file, no instance metadata).
      const home = await mkdtemp(join(tmpdir(), 'ecr-guard-home-'));

      // Act
      const { code, stderr } = await runCli(['audit'], {
        AWS_REGION: REGION,
        AWS_ENDPOINT_URL: proxy.endpoint,
        HOME: home,
        AWS_EC2_METADATA_DISABLED: 'true',
      });

      // Assess
      expect(code).toBe(2);
      expect(stderr).toMatch(/^ecr-guard audit: no AWS credentials found/);
      for (const way of [
        'AWS_PROFILE=name',
        'aws sso login',
        'AWS_ACCESS_KEY_ID',
        'AWS_ENDPOINT_URL',
      ]) {
        expect(stderr).toContain(way);
      }
    });

    it('keeps the AWS SDK’s Node.js version notice from its users', async () => {
      // Prepare
      await createRepository(ecr, REPOSITORY);

      // Act: a command that builds SDK clients, without the variable that silences it.
      const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _silenced, ...env } = awsEnv;
      const { stderr } = await runCli(['audit', '--format', 'json'], env);

      // Assess
      expect(stderr).not.toContain('NodeVersionSupportWarning');
      expect(stderr).not.toContain('will require node');
    });
  });

  it('lists its commands with --help, policy show included', async () => {
    const { code, stdout } = await runCli(['--help'], {});
    expect(code).toBe(0);
    for (const command of ['parse-event', 'handle', 'policy validate', 'policy show', 'audit']) {
      expect(stdout).toContain(`ecr-guard ${command}`);
    }
  });

  it('starts compiled: --help within 300 ms of a bare node start on this machine', async () => {
    // Prepare: the first run builds the CLI if a source changed (as after an edit).
    await runCli(['--help'], {});
    const time = async (args: string[]): Promise<number> => {
      const started = performance.now();
      await new Promise<void>((resolve) => {
        execFile(process.execPath, args, { timeout: 30_000 }, () => resolve());
      });
      return performance.now() - started;
    };
    const median = (values: number[]): number =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

    // Act: alternately, so that both see the same load.
    const cli: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < 5; i++) {
      bare.push(await time(['-e', '0']));
      cli.push(await time([CLI_BIN, '--help']));
    }

    // Assess
    expect(median(cli) - median(bare)).toBeLessThan(300);
  });
});
