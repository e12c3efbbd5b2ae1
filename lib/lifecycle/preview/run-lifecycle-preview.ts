import { resolveExemptions } from '#lib/controls/exemptions.ts';
import {
  canonicalLifecyclePolicyText,
  type LifecyclePolicy,
  LifecyclePolicySchema,
  lifecyclePoliciesEqual,
  type Standard,
} from '#lib/standard/index.ts';
import type { InUseSource } from '../in-use-source.ts';
import type { ManifestBlobs } from '../layer-bytes.ts';
import type { LifecycleImage } from '../lifecycle-image.ts';
import { lifecyclePolicyWarnings } from '../policy-warnings.ts';
import { storagePriceFor } from '../storage-cost.ts';
import { buildLifecyclePreview } from './build-lifecycle-preview.ts';
import type {
  LifecyclePreview,
  PolicySource,
  PreviewRepository,
} from './lifecycle-preview-schema.ts';
import { previewRepository } from './preview-repository.ts';

interface Target {
  account: string;
  region: string;
}

/** What the preview reads of one account and region's ECR (the ECR gateway fits). */
export interface PreviewGateway {
  listRepositories(): AsyncIterable<{ repositoryName: string; repositoryArn: string }>;
  getLifecyclePolicyText(repositoryName: string): Promise<string | undefined>;
  listTags(repositoryArn: string): Promise<Record<string, string>>;
  listImages(repositoryName: string): Promise<LifecycleImage[]>;
}

export interface LifecyclePreviewDeps {
  gatewayFor(target: Target): PreviewGateway;
  /** What runs, once per account and region; `callsIn` quotes what that cost. */
  inUse: InUseSource & { callsIn(target: Target): Record<string, number> };
  /** Reads the manifests of these images (`--layers`); absent: layers are not counted. */
  manifestsFor?: (
    target: Target,
  ) => (repositoryName: string, digests: string[]) => Promise<Map<string, ManifestBlobs>>;
  /** The registry's pull-time update exclusions (for the sinceImagePulled warning). */
  pullTimeExclusionsFor?: (target: Target) => Promise<string[]>;
  standard: Standard;
  now: () => Date;
}

export interface LifecyclePreviewOptions {
  targets: readonly Target[];
  regions: readonly string[];
  /** Only this repository. */
  repositoryName?: string;
  /** `--policy FILE`: this policy for every repository, in place of theirs. */
  policy?: LifecyclePolicy;
  /** Sees each repository as it is previewed (progress). */
  onRepository?: (repository: PreviewRepository) => void;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type Chosen = { source: PolicySource; policy: LifecyclePolicy | undefined } | { failed: string };

function choosePolicy(
  text: string | undefined,
  tags: Record<string, string>,
  repositoryName: string,
  deps: LifecyclePreviewDeps,
  options: LifecyclePreviewOptions,
): Chosen {
  const { standard } = deps;
  if (options.policy !== undefined) return { source: 'file', policy: options.policy };
  const standardText = canonicalLifecyclePolicyText(standard.lifecycle.policy);
  const exempt = resolveExemptions(repositoryName, tags, standard, deps.now()).exemptions.has(
    'lifecycle',
  );
  if (text === undefined) {
    return exempt
      ? { source: 'none', policy: undefined }
      : { source: 'standard', policy: standard.lifecycle.policy };
  }
  if (
    !exempt &&
    standard.lifecycle.mode === 'enforce' &&
    !lifecyclePoliciesEqual(text, standardText)
  ) {
    return { source: 'standard', policy: standard.lifecycle.policy };
  }
  try {
    const parsed = LifecyclePolicySchema.safeParse(JSON.parse(text));
    if (parsed.success) return { source: 'repository', policy: parsed.data };
    const issue = parsed.error.issues[0];
    return {
      failed: `its lifecycle policy is not one ecr-guard can evaluate (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`,
    };
  } catch {
    return { failed: 'its lifecycle policy is not JSON' };
  }
}

function failed(target: Target, repositoryName: string, reason: string): PreviewRepository {
  return {
    ...target,
    repositoryName,
    policySource: 'none',
    status: 'failed',
    reason,
    warnings: [],
    imageCount: 0,
    images: [],
    expiringCount: 0,
    transitioningCount: 0,
    bytesFreed: 0,
    layerBytesFreed: null,
    monthlyCostFreed: 0,
    costBasis: 'bytesFreed',
    inUseAtRisk: 0,
  };
}

/**
 * `ecr-guard lifecycle preview`: for every repository of the targets, the policy that applies
 * (its own; the standard's where `enforce` would attach or put it; `--policy`), what it would
 * expire or archive now, what uses those images, and what that frees.
 *
 * Primary course, per account and region:
 * 1. list the repositories (or take the one asked for);
 * 2. per repository: its policy and tags (team, exemptions), its images (and manifests with
 *    `--layers`), the policy's warnings;
 * 3. evaluate; read what runs (once per account and region) only when something would go;
 * 4. totals per account, team and organization; a target or repository that fails is
 *    reported with its reason, the others go on.
 *
 * @example
 * ```ts
 * const preview = await runLifecyclePreview({ targets, regions }, { gatewayFor, inUse, standard, now });
 * previewExitCode(preview); // 1 when an image in use would be expired
 * ```
 */
export async function runLifecyclePreview(
  options: LifecyclePreviewOptions,
  deps: LifecyclePreviewDeps,
): Promise<LifecyclePreview> {
  const repositories: PreviewRepository[] = [];
  const targets: LifecyclePreview['targets'] = [];
  const now = deps.now();
  for (const target of options.targets) {
    const gateway = deps.gatewayFor(target);
    const price = storagePriceFor(deps.standard.cost, target.region);
    const manifests = deps.manifestsFor?.(target);
    let exclusions: Promise<string[] | undefined> | undefined;
    const pullTimeExclusions = (): Promise<string[] | undefined> => {
      exclusions ??= (deps.pullTimeExclusionsFor?.(target) ?? Promise.resolve(undefined)).catch(
        () => undefined,
      );
      return exclusions;
    };
    try {
      for await (const repository of gateway.listRepositories()) {
        const { repositoryName, repositoryArn } = repository;
        if (options.repositoryName !== undefined && repositoryName !== options.repositoryName) {
          continue;
        }
        let preview: PreviewRepository;
        try {
          const [text, tags] = await Promise.all([
            gateway.getLifecyclePolicyText(repositoryName),
            gateway.listTags(repositoryArn),
          ]);
          const team = tags[deps.standard.ownership.teamTagKey];
          const chosen = choosePolicy(text, tags, repositoryName, deps, options);
          if ('failed' in chosen) {
            preview = failed(target, repositoryName, chosen.failed);
          } else {
            const images = await gateway.listImages(repositoryName);
            const active = images.filter((i) => i.imageStatus === 'ACTIVE');
            const pulled =
              chosen.policy?.rules.some((r) => r.selection.countType === 'sinceImagePulled') ===
              true;
            const warnings =
              chosen.policy === undefined
                ? []
                : lifecyclePolicyWarnings(chosen.policy, {
                    scannerRoleArns: deps.standard.lifecycle.scannerRoleArns,
                    ...(pulled ? { pullTimeExclusions: await pullTimeExclusions() } : {}),
                  });
            preview = await previewRepository({
              ...target,
              repositoryName,
              ...(team === undefined ? {} : { team }),
              policySource: chosen.source,
              policy: chosen.policy,
              warnings,
              images,
              manifests:
                manifests === undefined
                  ? undefined
                  : await manifests(
                      repositoryName,
                      active.map((i) => i.imageDigest),
                    ),
              inUse: () => deps.inUse.imagesInUse(target),
              price,
              now,
            });
          }
        } catch (error) {
          preview = failed(target, repositoryName, describe(error));
        }
        repositories.push(preview);
        options.onRepository?.(preview);
      }
      targets.push({ ...target, status: 'ok', inUseCalls: deps.inUse.callsIn(target) });
    } catch (error) {
      targets.push({
        ...target,
        status: 'failed',
        reason: describe(error),
        inUseCalls: deps.inUse.callsIn(target),
      });
    }
  }
  return buildLifecyclePreview(repositories, {
    regions: options.regions,
    currency: deps.standard.cost.currency,
    layersRead: deps.manifestsFor !== undefined,
    targets,
    generatedAt: deps.now(),
  });
}
