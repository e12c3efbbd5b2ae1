import type { AccountRegion } from '#lib/aws/client-factory.ts';
import type { FactReader } from '#lib/controls/ecr-fact-reader.ts';
import type { RepositoryLister } from '#lib/controls/ecr-gateway.ts';
import { resolveExemptions } from '#lib/controls/exemptions.ts';
import type { AnyRegistryFact, FactValue } from '#lib/controls/fact.ts';
import { lifecyclePolicyFact } from '#lib/controls/facts/lifecycle-policy.ts';
import { type RepositoryDescription, repositoryFact } from '#lib/controls/facts/repository.ts';
import { tagsFact } from '#lib/controls/facts/tags.ts';
import type { LifecycleConfig } from '#lib/controls/lifecycle/config.ts';
import { imagesFact } from '#lib/controls/lifecycle/images-fact.ts';
import { inUseCalls, readImagesInUse } from '#lib/controls/lifecycle/in-use/images-in-use.ts';
import type { SourceUses } from '#lib/controls/lifecycle/in-use/in-use-facts.ts';
import { repositoryArnOf } from '#lib/events/repository-arn.ts';
import {
  type InUseState,
  lifecyclePolicyWarnings,
  type ManifestBlobs,
} from '#lib/lifecycle/index.ts';
import {
  canonicalLifecyclePolicyText,
  type LifecyclePolicy,
  LifecyclePolicySchema,
  lifecyclePoliciesEqual,
} from '#lib/lifecycle/lifecycle-policy.ts';
import { storagePriceFor } from '#lib/standard/cost.ts';
import { effectiveStandard, type Standard } from '#lib/standard/index.ts';
import { buildLifecyclePreview } from './build-lifecycle-preview.ts';
import type {
  LifecyclePreview,
  PolicySource,
  PreviewRepository,
} from './lifecycle-preview-schema.ts';
import { previewRepository } from './preview-repository.ts';

/** What the preview reads of one account and region's ECR: the ECR gateway fits. */
export type PreviewGateway = RepositoryLister & FactReader;

export interface LifecyclePreviewDeps {
  gatewayFor(target: AccountRegion): PreviewGateway;
  /** Reads the manifests of these images (`--layers`); absent: layers are not counted. */
  manifestsFor?: (
    target: AccountRegion,
  ) => (repositoryName: string, digests: string[]) => Promise<Map<string, ManifestBlobs>>;
  /** The registry's pull-time update exclusions (for the sinceImagePulled warning). */
  pullTimeExclusionsFor?: (target: AccountRegion) => Promise<string[]>;
  standard: Standard;
  now: () => Date;
}

export interface LifecyclePreviewOptions {
  targets: readonly AccountRegion[];
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

/**
 * The policy that applies to a repository, as `enforce` would leave it: its own, or the
 * standard's where `enforce` would attach it (none yet) or put it in place (mode enforce);
 * none for a repository exempt from the lifecycle control that has none.
 */
function choosePolicy(
  text: string | undefined,
  config: LifecycleConfig,
  exempt: boolean,
  options: LifecyclePreviewOptions,
): Chosen {
  if (options.policy !== undefined) return { source: 'file', policy: options.policy };
  if (text === undefined) {
    return exempt
      ? { source: 'none', policy: undefined }
      : { source: 'standard', policy: config.policy };
  }
  const standardText = canonicalLifecyclePolicyText(config.policy);
  if (!exempt && config.mode === 'enforce' && !lifecyclePoliciesEqual(text, standardText)) {
    return { source: 'standard', policy: config.policy };
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

function failed(target: AccountRegion, repositoryName: string, reason: string): PreviewRepository {
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

/** The repositories of a target the preview looks at: every one, or the one asked for. */
async function* repositoriesOf(
  gateway: PreviewGateway,
  target: AccountRegion,
  repositoryName: string | undefined,
): AsyncIterable<RepositoryDescription> {
  if (repositoryName === undefined) {
    yield* gateway.listRepositories();
    return;
  }
  const repositoryArn = repositoryArnOf({ ...target, repositoryName });
  const one = await gateway.readRepositoryFact(repositoryFact, { repositoryName, repositoryArn });
  if (one !== undefined) yield one;
}

/** What runs in one target, read once (only when something would go), and what it cost. */
function inUseOf(gateway: PreviewGateway): {
  read: <F extends AnyRegistryFact>(fact: F) => Promise<FactValue<F>>;
  calls: () => Record<string, number>;
} {
  const values: SourceUses[] = [];
  const read = new Map<string, Promise<unknown>>();
  return {
    read<F extends AnyRegistryFact>(fact: F): Promise<FactValue<F>> {
      let value = read.get(fact.name);
      if (value === undefined) {
        value = gateway.readRegistryFact(fact).then((v: SourceUses) => {
          values.push(v);
          return v;
        });
        read.set(fact.name, value);
      }
      return value as Promise<FactValue<F>>;
    },
    calls: () => inUseCalls(values),
  };
}

/**
 * `ecr-guard lifecycle preview`: for every repository of the targets, the policy that applies
 * (its own; the standard's, under the repository's scope, where `enforce` would attach or put
 * it; `--policy`), what it would expire or archive now, what uses those images, and what that
 * frees. Reads only.
 *
 * Primary course, per account and region:
 * 1. list the repositories (or read the one asked for);
 * 2. per repository: its policy and tags (team, scope, exemptions), its images (and manifests
 *    with `--layers`), the policy's warnings;
 * 3. evaluate; read what runs (once per account and region) only when something would go;
 * 4. totals per account, team and organization; a target or repository that fails is
 *    reported with its reason, the others go on.
 *
 * @example
 * ```ts
 * const preview = await runLifecyclePreview({ targets, regions }, { gatewayFor, standard, now });
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
  const { standard } = deps;
  for (const target of options.targets) {
    const gateway = deps.gatewayFor(target);
    const price = storagePriceFor(standard.cost, target.region);
    const manifests = deps.manifestsFor?.(target);
    const inUse = inUseOf(gateway);
    let exclusions: Promise<string[] | undefined> | undefined;
    const pullTimeExclusions = (): Promise<string[] | undefined> => {
      exclusions ??= (deps.pullTimeExclusionsFor?.(target) ?? Promise.resolve(undefined)).catch(
        () => undefined,
      );
      return exclusions;
    };
    try {
      for await (const repository of repositoriesOf(gateway, target, options.repositoryName)) {
        const { repositoryName } = repository;
        const ref = { repositoryName, repositoryArn: repository.repositoryArn };
        let preview: PreviewRepository;
        try {
          const [text, tags] = await Promise.all([
            gateway.readRepositoryFact(lifecyclePolicyFact, ref),
            gateway.readRepositoryFact(tagsFact, ref),
          ]);
          const team = tags[standard.ownership.teamTagKey];
          const config = effectiveStandard(standard, repositoryName, tags).sections.lifecycle;
          const exempt = resolveExemptions(
            repositoryName,
            tags,
            standard.exemptions,
            now,
          ).exemptions.has('lifecycle');
          const chosen = choosePolicy(text, config, exempt, options);
          if ('failed' in chosen) {
            preview = failed(target, repositoryName, chosen.failed);
          } else {
            const images = await gateway.readRepositoryFact(imagesFact, ref);
            const active = images.filter((i) => i.imageStatus === 'ACTIVE');
            const pulled =
              chosen.policy?.rules.some((r) => r.selection.countType === 'sinceImagePulled') ===
              true;
            const warnings =
              chosen.policy === undefined
                ? []
                : lifecyclePolicyWarnings(chosen.policy, {
                    scannerRoleArns: config.scannerRoleArns,
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
              inUse: (): Promise<InUseState> =>
                readImagesInUse(inUse.read, {
                  sources: config.inUseSources,
                  windowDays: config.inUseWindowDays,
                  now,
                  // A preview reports what it could not read, for every repository.
                  throwRetryable: false,
                }),
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
      targets.push({ ...target, status: 'ok', inUseCalls: inUse.calls() });
    } catch (error) {
      targets.push({
        ...target,
        status: 'failed',
        reason: describe(error),
        inUseCalls: inUse.calls(),
      });
    }
  }
  return buildLifecyclePreview(repositories, {
    regions: options.regions,
    currency: standard.cost.currency,
    layersRead: deps.manifestsFor !== undefined,
    targets,
    generatedAt: deps.now(),
  });
}
