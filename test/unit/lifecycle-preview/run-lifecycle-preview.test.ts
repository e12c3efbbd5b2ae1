/**
 * The preview use case on fakes: which policy applies to each repository, what it frees,
 * the totals, the exit code, and the formats. The gateway is a fake of the fact reader: it
 * answers each fact the preview reads by its name, and what runs from a list of uses.
 */
import { describe, expect, it } from 'vitest';
import { AwsCallError } from '#lib/aws/index.ts';
import type { AnyRegistryFact, AnyRepositoryFact, RepositoryRef } from '#lib/controls/index.ts';
import type { ImageUse, LifecycleImage } from '#lib/lifecycle/index.ts';
import {
  LifecyclePreviewSchema,
  type PreviewGateway,
  previewExitCode,
  renderLifecyclePreview,
  runLifecyclePreview,
} from '#lib/lifecycle-preview/index.ts';
import {
  canonicalLifecyclePolicyText,
  DEFAULT_STANDARD,
  type LifecyclePolicy,
  parseStandard,
} from '#lib/standard/index.ts';

const TARGET = { account: '123456789012', region: 'eu-west-1' };
const NOW = new Date('2026-11-29T12:00:00Z');
const KEEP_ONE: LifecyclePolicy = {
  rules: [
    {
      rulePriority: 1,
      description: 'Keep only the newest image of every repository',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 },
      action: { type: 'expire' },
    },
  ],
};

function images(count: number): LifecycleImage[] {
  return Array.from({ length: count }, (_, i) => ({
    imageDigest: `sha256:${String(i + 1).padStart(64, '0')}`,
    imageTags: [`build-${i + 1}`],
    imagePushedAt: new Date(NOW.getTime() - (count - i) * 3_600_000),
    sizeBytes: 1024 ** 3,
    imageStatus: 'ACTIVE' as const,
  }));
}

interface FakeRepository {
  policy?: string;
  tags?: Record<string, string>;
  images: LifecycleImage[];
}

/** What runs: uses by source, or the error a source's read fails with. */
type Runs = Partial<Record<'ecs' | 'lambda' | 'inspector', ImageUse[] | Error>>;

const SOURCE_OF_FACT: Readonly<Record<string, 'ecs' | 'lambda' | 'inspector'>> = {
  ecsImagesInUse: 'ecs',
  lambdaImagesInUse: 'lambda',
  inspectorImagesInUse: 'inspector',
};

function gateway(
  repositories: Record<string, FakeRepository>,
  runs: Runs = {},
): PreviewGateway & { inUseReads: string[] } {
  const inUseReads: string[] = [];
  const description = (repositoryName: string) => ({
    repositoryName,
    repositoryArn: `arn:aws:ecr:eu-west-1:123456789012:repository/${repositoryName}`,
    imageTagMutability: 'MUTABLE',
    exclusionFilters: [],
    scanOnPush: false,
  });
  return {
    inUseReads,
    async *listRepositories() {
      for (const name of Object.keys(repositories)) yield description(name);
    },
    async readRepositoryFact(fact: AnyRepositoryFact, { repositoryName }: RepositoryRef) {
      const repository = repositories[repositoryName];
      switch (fact.name) {
        case 'repository':
          return repository === undefined ? undefined : description(repositoryName);
        case 'lifecyclePolicyText':
          return repository?.policy;
        case 'tags':
          return repository?.tags ?? {};
        case 'images':
          return repository?.images ?? [];
        default:
          throw new Error(`the fake reads no ${fact.name}`);
      }
    },
    async readRegistryFact(fact: AnyRegistryFact) {
      const source = SOURCE_OF_FACT[fact.name];
      if (source === undefined) throw new Error(`the fake reads no ${fact.name}`);
      inUseReads.push(source);
      const uses = runs[source] ?? [];
      if (uses instanceof Error) throw uses;
      return { uses, calls: { [`${source}:List`]: 1 } };
    },
    forgetRegistryFacts() {},
  } as PreviewGateway & { inUseReads: string[] };
}

function denied(operation: string): AwsCallError {
  return new AwsCallError(
    { operation, account: TARGET.account, region: TARGET.region, retryable: false },
    {
      cause: Object.assign(new Error('not authorized'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    },
  );
}

describe('Function: runLifecyclePreview', () => {
  it('previews the standard where enforce would attach it, the own policy elsewhere, nothing where exempt', async () => {
    // Prepare
    const repositories = {
      'no-policy': { images: images(12), tags: { team: 'payments' } },
      'own-policy': {
        policy: canonicalLifecyclePolicyText(KEEP_ONE),
        images: images(3),
        tags: { team: 'payments' },
      },
      exempt: { images: images(12), tags: { 'ecr-guard:exempt': 'lifecycle' } },
    };

    // Act
    const preview = await runLifecyclePreview(
      { targets: [TARGET], regions: [TARGET.region] },
      {
        gatewayFor: () => gateway(repositories),
        standard: DEFAULT_STANDARD,
        now: () => NOW,
      },
    );

    // Assess
    expect(LifecyclePreviewSchema.parse(preview)).toEqual(preview);
    const of = (name: string) => preview.repositories.find((r) => r.repositoryName === name);
    expect(of('no-policy')).toMatchObject({
      policySource: 'standard',
      expiringCount: 2,
      bytesFreed: 2 * 1024 ** 3,
    });
    expect(of('no-policy')?.monthlyCostFreed).toBeCloseTo(0.2, 6);
    expect(of('own-policy')).toMatchObject({ policySource: 'repository', expiringCount: 2 });
    expect(of('exempt')).toMatchObject({ policySource: 'none', expiringCount: 0 });
    expect(preview.totals.byTeam).toEqual([
      expect.objectContaining({ team: '(no team)', repositories: 1, expiringCount: 0 }),
      expect.objectContaining({ team: 'payments', repositories: 2, expiringCount: 4 }),
    ]);
    expect(preview.totals.organization.layerBytesFreed).toBeNull();
    expect(previewExitCode(preview)).toBe(0);
  });

  it('previews --policy in place of every repository’s own', async () => {
    // Act
    const preview = await runLifecyclePreview(
      { targets: [TARGET], regions: [TARGET.region], policy: KEEP_ONE },
      {
        gatewayFor: () =>
          gateway({
            app: {
              policy: canonicalLifecyclePolicyText(DEFAULT_STANDARD.lifecycle.policy),
              images: images(4),
            },
          }),
        standard: DEFAULT_STANDARD,
        now: () => NOW,
      },
    );

    // Assess
    expect(preview.repositories[0]).toMatchObject({ policySource: 'file', expiringCount: 3 });
  });

  it('exits 1 when an image in use would go, and 2 when what runs is unknown', async () => {
    // Prepare
    const used: ImageUse[] = [
      {
        kind: 'lambda',
        name: 'arn:aws:lambda:eu-west-1:123456789012:function:resize',
        image: { repositoryName: 'app', tag: 'build-1' },
      },
    ];
    const deps = (runs: Runs) => ({
      gatewayFor: () => gateway({ app: { images: images(11) } }, runs),
      standard: DEFAULT_STANDARD,
      now: () => NOW,
    });

    // Act
    const hit = await runLifecyclePreview(
      { targets: [TARGET], regions: [TARGET.region] },
      deps({ lambda: used }),
    );
    const unknown = await runLifecyclePreview(
      { targets: [TARGET], regions: [TARGET.region] },
      deps({ lambda: denied('lambda:ListFunctions') }),
    );

    // Assess
    expect(hit.repositories[0]?.images[0]?.inUse).toEqual([
      { kind: 'lambda', name: 'arn:aws:lambda:eu-west-1:123456789012:function:resize' },
    ]);
    expect(previewExitCode(hit)).toBe(1);
    expect(hit.targets[0]?.inUseCalls).toEqual({
      'ecs:List': 1,
      'lambda:List': 1,
      'inspector:List': 1,
    });
    expect(unknown.repositories[0]).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('lambda could not be read (lambda:ListFunctions failed'),
    });
    expect(previewExitCode(unknown)).toBe(2);
  });

  it('reads each source of what runs once per account and region, only those the scope names', async () => {
    // Prepare
    const standard = parseStandard({
      scopes: [
        { name: 'ecs-only', match: { repositories: ['b'] }, lifecycle: { inUseSources: ['ecs'] } },
      ],
    });
    const two = gateway({ a: { images: images(12) }, c: { images: images(12) } });
    const scoped = gateway({ b: { images: images(12) } });

    // Act
    for (const fake of [two, scoped]) {
      await runLifecyclePreview(
        { targets: [TARGET], regions: [TARGET.region] },
        { gatewayFor: () => fake, standard, now: () => NOW },
      );
    }

    // Assess
    expect(two.inUseReads).toEqual(['ecs', 'lambda', 'inspector']);
    expect(scoped.inUseReads).toEqual(['ecs']);
  });

  it('reads nothing of what runs where nothing would go', async () => {
    // Prepare
    const fake = gateway({ app: { images: images(3) } });

    // Act
    const preview = await runLifecyclePreview(
      { targets: [TARGET], regions: [TARGET.region] },
      { gatewayFor: () => fake, standard: DEFAULT_STANDARD, now: () => NOW },
    );

    // Assess
    expect(fake.inUseReads).toEqual([]);
    expect(preview.targets[0]?.inUseCalls).toEqual({});
  });

  it('reports a repository whose policy it cannot evaluate, and a target it cannot list, and exits 2', async () => {
    // Prepare
    const broken: PreviewGateway = {
      ...gateway({}),
      // biome-ignore lint/correctness/useYield: a listing that fails before its first page
      async *listRepositories() {
        throw denied('ecr:DescribeRepositories');
      },
    };

    // Act
    const preview = await runLifecyclePreview(
      {
        targets: [TARGET, { ...TARGET, region: 'us-east-1' }],
        regions: [TARGET.region, 'us-east-1'],
      },
      {
        gatewayFor: (t) =>
          t.region === 'us-east-1'
            ? broken
            : gateway({ odd: { policy: '{"rules":"x"}', images: [] } }),
        standard: DEFAULT_STANDARD,
        now: () => NOW,
      },
    );

    // Assess
    expect(preview.repositories[0]).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('not one ecr-guard can evaluate'),
    });
    expect(preview.targets.find((t) => t.region === 'us-east-1')).toMatchObject({
      status: 'failed',
    });
    expect(previewExitCode(preview)).toBe(2);
  });

  it('renders every format, escaping what a repository name or tag could break', async () => {
    // Prepare
    const preview = await runLifecyclePreview(
      { targets: [TARGET], regions: [TARGET.region] },
      {
        gatewayFor: () =>
          gateway({ 'a|b': { images: images(12).map((i) => ({ ...i, imageTags: ['<x>|y'] })) } }),
        standard: DEFAULT_STANDARD,
        now: () => NOW,
      },
    );

    // Act
    const html = renderLifecyclePreview(preview, 'html');
    const markdown = renderLifecyclePreview(preview, 'markdown');
    const table = renderLifecyclePreview(preview, 'table');

    // Assess
    expect(html).toContain('&lt;x&gt;|y');
    expect(html).not.toContain('<x>');
    expect(markdown).toContain('\\<x\\>\\|y');
    expect(table).toContain(
      '2 image(s) would expire, freeing 2.0 GiB; nothing in use would go (exit 0)',
    );
    expect(JSON.parse(renderLifecyclePreview(preview, 'json'))).toEqual(preview);
  });
});
