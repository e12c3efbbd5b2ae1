import type {
  LifecyclePreview,
  PreviewRepository,
  PreviewTotals,
} from './lifecycle-preview-schema.ts';

/** Why summed sizes and layers differ, and what reading manifests costs: said in every output. */
export const PREVIEW_NOTES = {
  sharedLayers:
    "bytesFreed sums DescribeImages' imageSizeInBytes, which counts a layer shared by several images in each of them: ECR stores and bills it once, so the sum overstates what expiring frees.",
  layersRead:
    'layerBytesFreed counts each layer once per repository: the layers only the expiring images use, from the manifests read with BatchGetImage; the monthly cost is priced from it.',
  layersNotRead:
    "layerBytesFreed is null: run with --layers to read the manifests (BatchGetImage) and count each layer once. Reading a manifest is a pull: it resets the image's last pull time unless the caller is in the registry's pull-time update exclusions.",
} as const;

function emptyTotals(): PreviewTotals {
  return {
    repositories: 0,
    images: 0,
    expiringCount: 0,
    transitioningCount: 0,
    bytesFreed: 0,
    layerBytesFreed: 0,
    monthlyCostFreed: 0,
    inUseAtRisk: 0,
  };
}

function add(totals: PreviewTotals, repository: PreviewRepository): void {
  totals.repositories += 1;
  totals.images += repository.imageCount;
  totals.expiringCount += repository.expiringCount;
  totals.transitioningCount += repository.transitioningCount;
  totals.bytesFreed += repository.bytesFreed;
  totals.layerBytesFreed =
    totals.layerBytesFreed === null || repository.layerBytesFreed === null
      ? null
      : totals.layerBytesFreed + repository.layerBytesFreed;
  totals.monthlyCostFreed =
    Math.round((totals.monthlyCostFreed + repository.monthlyCostFreed) * 1e6) / 1e6;
  totals.inUseAtRisk += repository.inUseAtRisk;
}

export interface LifecyclePreviewMeta {
  regions: readonly string[];
  currency: string;
  layersRead: boolean;
  targets: LifecyclePreview['targets'];
  generatedAt: Date;
}

/**
 * The preview document: repositories sorted by account, region and name, with totals per
 * account, per team (repositories without a team under `(no team)`) and for the organization.
 *
 * @example
 * ```ts
 * const preview = buildLifecyclePreview(repositories, { regions, currency: 'EUR', layersRead: false, targets, generatedAt: new Date() });
 * ```
 */
export function buildLifecyclePreview(
  repositories: readonly PreviewRepository[],
  meta: LifecyclePreviewMeta,
): LifecyclePreview {
  const sorted = [...repositories].sort(
    (a, b) =>
      a.account.localeCompare(b.account) ||
      a.region.localeCompare(b.region) ||
      a.repositoryName.localeCompare(b.repositoryName),
  );
  const organization = emptyTotals();
  const byAccount = new Map<string, PreviewTotals>();
  const byTeam = new Map<string, PreviewTotals>();
  for (const repository of sorted) {
    add(organization, repository);
    const account = byAccount.get(repository.account) ?? emptyTotals();
    add(account, repository);
    byAccount.set(repository.account, account);
    const teamName = repository.team ?? '(no team)';
    const team = byTeam.get(teamName) ?? emptyTotals();
    add(team, repository);
    byTeam.set(teamName, team);
  }
  return {
    schemaVersion: 1,
    generatedAt: meta.generatedAt.toISOString(),
    regions: [...meta.regions],
    currency: meta.currency,
    notes: [
      PREVIEW_NOTES.sharedLayers,
      meta.layersRead ? PREVIEW_NOTES.layersRead : PREVIEW_NOTES.layersNotRead,
    ],
    targets: meta.targets.map((t) => ({ ...t, inUseCalls: { ...t.inUseCalls } })),
    repositories: sorted,
    totals: {
      organization,
      byAccount: [...byAccount]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([account, t]) => ({ account, ...t })),
      byTeam: [...byTeam]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([team, t]) => ({ team, ...t })),
    },
  };
}

/**
 * 2 when something could not be previewed (a target, a repository, or what runs while
 * something would go); 1 when an image in use would be expired or archived; 0 else.
 *
 * @example
 * ```ts
 * process.exitCode = previewExitCode(preview);
 * ```
 */
export function previewExitCode(preview: LifecyclePreview): 0 | 1 | 2 {
  if (preview.targets.some((t) => t.status === 'failed')) return 2;
  if (preview.repositories.some((r) => r.status === 'failed' || r.status === 'unknown')) return 2;
  if (preview.repositories.some((r) => r.status === 'in-use')) return 1;
  return 0;
}
