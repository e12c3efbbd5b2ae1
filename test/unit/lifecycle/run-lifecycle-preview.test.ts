/**
 * The preview use case on fakes: which policy applies to each repository, what it frees,
 * the totals, the exit code, and the formats.
 */
import { describe, expect, it } from 'vitest';
import { ImagesInUse, type InUseState, type LifecycleImage } from '#lib/lifecycle/index.ts';
import {
  LifecyclePreviewSchema,
  type PreviewGateway,
  previewExitCode,
  renderLifecyclePreview,
  runLifecyclePreview,
} from '#lib/lifecycle/preview/index.ts';
import {
  canonicalLifecyclePolicyText,
  DEFAULT_STANDARD,
  type LifecyclePolicy,
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

function gateway(repositories: Record<string, FakeRepository>): PreviewGateway {
  return {
    async *listRepositories() {
      for (const name of Object.keys(repositories)) {
        yield {
          repositoryName: name,
          repositoryArn: `arn:aws:ecr:eu-west-1:123456789012:repository/${name}`,
        };
      }
    },
    getLifecyclePolicyText: async (name) => repositories[name]?.policy,
    listTags: async (arn) => repositories[arn.split(':repository/')[1] ?? '']?.tags ?? {},
    listImages: async (name) => repositories[name]?.images ?? [],
  };
}

function inUse(state: InUseState) {
  const reads: string[] = [];
  return {
    reads,
    imagesInUse: async (t: { account: string; region: string }) => {
      reads.push(`${t.account}/${t.region}`);
      return state;
    },
    callsIn: () => ({ 'ecs:ListClusters': reads.length }),
  };
}

const NOTHING_RUNS = inUse({ known: new ImagesInUse() });

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
        inUse: NOTHING_RUNS,
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
        inUse: NOTHING_RUNS,
        standard: DEFAULT_STANDARD,
        now: () => NOW,
      },
    );

    // Assess
    expect(preview.repositories[0]).toMatchObject({ policySource: 'file', expiringCount: 3 });
  });

  it('exits 1 when an image in use would go, and 2 when what runs is unknown', async () => {
    // Prepare
    const used = new ImagesInUse([
      {
        kind: 'lambda',
        name: 'arn:aws:lambda:eu-west-1:123456789012:function:resize',
        image: { repositoryName: 'app', tag: 'build-1' },
      },
    ]);
    const deps = (state: InUseState) => ({
      gatewayFor: () => gateway({ app: { images: images(11) } }),
      inUse: inUse(state),
      standard: DEFAULT_STANDARD,
      now: () => NOW,
    });

    // Act
    const hit = await runLifecyclePreview(
      { targets: [TARGET], regions: [TARGET.region] },
      deps({ known: used }),
    );
    const unknown = await runLifecyclePreview(
      { targets: [TARGET], regions: [TARGET.region] },
      deps({ unknown: 'lambda could not be read (AccessDeniedException)' }),
    );

    // Assess
    expect(hit.repositories[0]?.images[0]?.inUse).toEqual([
      { kind: 'lambda', name: 'arn:aws:lambda:eu-west-1:123456789012:function:resize' },
    ]);
    expect(previewExitCode(hit)).toBe(1);
    expect(unknown.repositories[0]?.status).toBe('unknown');
    expect(previewExitCode(unknown)).toBe(2);
  });

  it('reads nothing of what runs where nothing would go', async () => {
    // Prepare
    const source = inUse({ known: new ImagesInUse() });

    // Act
    await runLifecyclePreview(
      { targets: [TARGET], regions: [TARGET.region] },
      {
        gatewayFor: () => gateway({ app: { images: images(3) } }),
        inUse: source,
        standard: DEFAULT_STANDARD,
        now: () => NOW,
      },
    );

    // Assess
    expect(source.reads).toEqual([]);
  });

  it('reports a repository whose policy it cannot evaluate, and a target it cannot list, and exits 2', async () => {
    // Prepare
    const broken: PreviewGateway = {
      // biome-ignore lint/correctness/useYield: a listing that fails before its first page
      async *listRepositories() {
        throw new Error('ecr:DescribeRepositories failed: AccessDeniedException');
      },
      getLifecyclePolicyText: async () => undefined,
      listTags: async () => ({}),
      listImages: async () => [],
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
        inUse: NOTHING_RUNS,
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
        inUse: NOTHING_RUNS,
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
