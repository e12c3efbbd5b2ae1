import type { ImagesInUse, ImageUse } from './image-use.ts';
import type { ImageDecision } from './lifecycle-decision.ts';
import type { LifecycleImage } from './lifecycle-image.ts';

/** An image in use that a policy would expire or archive. */
export interface InUseHit {
  imageDigest: string;
  imageTags: string[];
  action: 'expire' | 'transition';
  rulePriority: number;
  uses: ImageUse[];
}

/** The images in use, or why they could not be known. */
export type InUseState = { known: ImagesInUse } | { unknown: string };

export type InUseVerdict =
  /** Nothing in use would be expired or archived (or nothing would be at all). */
  | { safe: true }
  | { safe: false; hits: InUseHit[] }
  /** Something would be expired or archived, and what is in use could not be read. */
  | { safe: false; unknown: string; atRisk: number };

/**
 * Whether a lifecycle policy is safe for the images in use: the one decision behind the
 * lifecycle control's protection, the preview's `inUse` and the audit of current policies.
 * An image archived is as gone as one expired for a workload that pulls it (archived images
 * cannot be pulled), so both count. Unknown is not safe: when anything would be expired or
 * archived and the images in use could not be read, the verdict says so.
 *
 * @example
 * ```ts
 * const verdict = protectInUse({ repositoryName, images, decisions, inUse: { known } });
 * if (!verdict.safe) refuse(describeVerdict(verdict));
 * ```
 */
export function protectInUse(input: {
  repositoryName: string;
  images: readonly LifecycleImage[];
  decisions: readonly ImageDecision[];
  inUse: InUseState;
}): InUseVerdict {
  const byDigest = new Map(input.images.map((image) => [image.imageDigest, image]));
  const atRisk = input.decisions.filter((d) => d.action !== 'keep');
  if (atRisk.length === 0) return { safe: true };
  if ('unknown' in input.inUse) {
    return { safe: false, unknown: input.inUse.unknown, atRisk: atRisk.length };
  }
  const hits: InUseHit[] = [];
  for (const decision of atRisk) {
    const image = byDigest.get(decision.imageDigest);
    if (image === undefined || decision.action === 'keep') continue;
    const uses = input.inUse.known.usesOf(input.repositoryName, image);
    if (uses.length === 0) continue;
    hits.push({
      imageDigest: image.imageDigest,
      imageTags: [...image.imageTags],
      action: decision.action,
      rulePriority: decision.rulePriority ?? 0,
      uses,
    });
  }
  return hits.length === 0 ? { safe: true } : { safe: false, hits };
}

/**
 * The verdict in words, for a control's reason and the reports: each image and what uses it.
 *
 * @example
 * ```ts
 * describeInUseVerdict(verdict);
 * // 'would expire 1 image in use: build-2 (sha256:4f1c…) used by ecs-service arn:aws:ecs:…'
 * ```
 */
export function describeInUseVerdict(verdict: Exclude<InUseVerdict, { safe: true }>): string {
  if ('unknown' in verdict) {
    return `would expire or archive ${verdict.atRisk} image(s), and the images in use could not be read (${verdict.unknown}): unknown is not safe`;
  }
  const images = verdict.hits.map((hit) => {
    const name = hit.imageTags.length > 0 ? hit.imageTags.join(',') : '<untagged>';
    const users = hit.uses.map((use) => `${use.kind} ${use.name}`).join('; ');
    const verb = hit.action === 'expire' ? 'expire' : 'archive';
    return `${name} (${hit.imageDigest.slice(0, 19)}…, ${verb} by rule ${hit.rulePriority}) used by ${users}`;
  });
  return `would expire or archive ${verdict.hits.length} image(s) in use: ${images.join(' | ')}`;
}
