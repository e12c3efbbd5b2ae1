import type { EcrImageReference } from './image-reference.ts';

/** Where an image in use was seen. */
export const IMAGE_USE_KINDS = ['ecs-service', 'ecs-task', 'lambda', 'inspector'] as const;
export type ImageUseKind = (typeof IMAGE_USE_KINDS)[number];

/** One workload that needs an image: what it is, and how it names the image. */
export interface ImageUse {
  kind: ImageUseKind;
  /** The service, task, function (ARN) or, for Inspector, what it reports. */
  name: string;
  /** The image as the workload names it: by tag, by digest, or both. */
  image: Pick<EcrImageReference, 'repositoryName' | 'tag' | 'digest'>;
  /** Amazon Inspector's `lastInUseAt`: when it last saw the image run. */
  lastInUseAt?: Date;
  /** Amazon Inspector's `inUseCount`: how many tasks or pods run the image now. */
  inUseCount?: number;
}

const DAY_MS = 86_400_000;

/**
 * Whether a use still counts under a window of days: ECS and Lambda uses always do (they
 * are what is deployed now); one Amazon Inspector reports counts while the image runs
 * (`inUseCount` > 0) or ran within the window (`lastInUseAt`).
 *
 * @example
 * ```ts
 * inUseWithin({ kind: 'inspector', name, image, lastInUseAt: new Date('2025-01-01') }, 30, now); // false 30 days on
 * ```
 */
export function inUseWithin(use: ImageUse, windowDays: number, now: Date): boolean {
  if (use.kind !== 'inspector') return true;
  if (use.inUseCount !== undefined && use.inUseCount > 0) return true;
  if (use.lastInUseAt === undefined) return false;
  return now.getTime() - use.lastInUseAt.getTime() <= windowDays * DAY_MS;
}

/**
 * The images in use in one account and region, indexed by repository. An image is in use
 * when a use names its digest, or one of its current tags.
 */
export class ImagesInUse {
  readonly #byRepository = new Map<string, ImageUse[]>();

  constructor(uses: Iterable<ImageUse> = []) {
    for (const use of uses) this.add(use);
  }

  add(use: ImageUse): void {
    const list = this.#byRepository.get(use.image.repositoryName) ?? [];
    list.push(use);
    this.#byRepository.set(use.image.repositoryName, list);
  }

  /** Every use recorded, for reports. */
  get size(): number {
    let count = 0;
    for (const list of this.#byRepository.values()) count += list.length;
    return count;
  }

  /**
   * What uses the image of `repositoryName` with this digest and these tags (empty when
   * nothing does). One workload naming the image twice (by tag and digest) counts once.
   *
   * @example
   * ```ts
   * inUse.usesOf('payments-api', { imageDigest: 'sha256:…', imageTags: ['build-2'] });
   * // [{ kind: 'ecs-service', name: 'arn:aws:ecs:…:service/prod/payments', image: { … } }]
   * ```
   */
  usesOf(
    repositoryName: string,
    image: { imageDigest: string; imageTags: readonly string[] },
  ): ImageUse[] {
    const found = new Map<string, ImageUse>();
    for (const use of this.#byRepository.get(repositoryName) ?? []) {
      const byDigest = use.image.digest !== undefined && use.image.digest === image.imageDigest;
      const byTag = use.image.tag !== undefined && image.imageTags.includes(use.image.tag);
      if (byDigest || byTag) found.set(`${use.kind} ${use.name}`, use);
    }
    return [...found.values()];
  }
}
