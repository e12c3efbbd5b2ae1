/**
 * Scoped standards end to end on the emulator: the same ecr-guard.yml, with a `production`
 * scope, applied by `ecr-guard enforce` and by the enforce-repository Lambda on a push.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeRepositoriesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { EnforceRepositoryResponse } from '#functions/enforce-repository.ts';
import { SweepReportSchema } from '#lib/report/index.ts';
import { type AwsProxy, startAwsProxy } from '../../harness/aws-proxy.ts';
import { arrangeClient, createRepository } from '../../harness/ecr-arrange.ts';
import { resetEmulator } from '../../harness/emulator.ts';
import { loadEventFixture, withField } from '../../harness/fixtures.ts';
import { lambdaContext } from '../../harness/lambda-context.ts';
import { cliEnvironment, runCli } from '../support/run-cli.ts';

const REGION = 'us-west-2'; // the push sample's
const PUSH = loadEventFixture('ecr-image-action-push-success.aws-docs.json');

/** The scopes of the standard, as a platform team writes them. */
const SCOPED_STANDARD = `
# The registry-level controls judge no repository, so no scope: off here (the emulator's
# registry has no creation template, which would fail the run).
creationTemplates: { mode: off }
registryScanning: { mode: off }
scopes:
  - name: production
    match:
      repositories: ['*-prod-*', 'prod/*']   # name patterns, any may match
      tags: { env: prod }                     # every listed tag must be present with this value
    immutability: { mode: IMMUTABLE }
  - name: sandbox
    match: { repositories: ['sandbox-*'] }
    lifecycle:
      mode: enforce
      policy:
        rules:
          - rulePriority: 1
            description: Keep five images
            selection: { tagStatus: any, countType: imageCountMoreThan, countNumber: 5 }
            action: { type: expire }
`;

type Handler = (
  event: unknown,
  context: ReturnType<typeof lambdaContext>,
) => Promise<EnforceRepositoryResponse>;

describe('Scoped standards (on the emulator)', () => {
  const endpoint = inject('awsEndpoint');
  let ecr: ECRClient;
  let config: string;
  let env: Record<string, string>;
  let proxy: AwsProxy;
  const saved = new Map<string, string | undefined>();

  async function mutabilityOf(name: string): Promise<string | undefined> {
    const out = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    return out.repositories?.[0]?.imageTagMutability;
  }

  beforeAll(async () => {
    config = join(await mkdtemp(join(tmpdir(), 'ecr-guard-scoped-')), 'ecr-guard.yml');
    await writeFile(config, SCOPED_STANDARD);
    // moto has no pull-through cache rules: the proxy answers DescribePullThroughCacheRules.
    proxy = await startAwsProxy({ target: endpoint, pullThroughCachePrefixes: [] });
    env = cliEnvironment(proxy.endpoint, REGION);
  });

  afterAll(async () => {
    await proxy.close();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  beforeEach(async () => {
    await resetEmulator(endpoint);
    ecr = arrangeClient(endpoint, REGION);
    await createRepository(ecr, 'shop-prod-api', { tags: { env: 'prod', team: 'shop' } });
    await createRepository(ecr, 'shop-dev-api', { tags: { env: 'dev', team: 'shop' } });
  });

  it('ecr-guard enforce holds each repository to its scope, and the report names it', async () => {
    // Act
    const { code, stdout } = await runCli(['enforce', '--config', config, '--format', 'json'], env);

    // Assess
    expect(code).toBe(0);
    const report = SweepReportSchema.parse(JSON.parse(stdout));
    expect(report.repositories.map((r) => [r.repositoryName, r.scope, r.status])).toEqual([
      ['shop-dev-api', 'default', 'remediated'],
      ['shop-prod-api', 'production', 'remediated'],
    ]);
    expect(await mutabilityOf('shop-prod-api')).toBe('IMMUTABLE');
    expect(await mutabilityOf('shop-dev-api')).toBe('IMMUTABLE_WITH_EXCLUSION');
  });

  it('the Lambda does the same for a push event', async () => {
    // Prepare: the function reads its standard from ECR_GUARD_CONFIG, as deployed.
    for (const [name, value] of Object.entries({
      ...env,
      ECR_GUARD_CONFIG: config,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    })) {
      saved.set(name, process.env[name]);
      process.env[name] = value;
    }
    const { handler } = (await import('#functions/enforce-repository.ts')) as { handler: Handler };
    const push = (repository: string): unknown =>
      withField(PUSH, ['detail', 'repository-name'], repository);

    // Act
    const prod = await handler(
      push('shop-prod-api'),
      lambdaContext('ecr-guard-enforce-repository'),
    );
    const dev = await handler(push('shop-dev-api'), lambdaContext('ecr-guard-enforce-repository'));

    // Assess
    expect(prod).toMatchObject({ outcome: 'enforced', repositories: [{ scope: 'production' }] });
    expect(dev).toMatchObject({ outcome: 'enforced', repositories: [{ scope: 'default' }] });
    expect(await mutabilityOf('shop-prod-api')).toBe('IMMUTABLE');
    expect(await mutabilityOf('shop-dev-api')).toBe('IMMUTABLE_WITH_EXCLUSION');
  });
});
