/**
 * Fan-in: when one finding hits more images of a team in a window than `alerts.groupAbove`,
 * the team gets one message for that finding instead of one per image.
 *
 * @module
 */
import { compareFindings, type Finding, findingKey } from '#lib/findings/index.ts';
import type { ImageUsage } from '../image-usage.ts';
import type { WindowImage } from './finding-window.ts';

/** An image with findings to alert in the window, and what deduplication said is new. */
export interface AlertedImage {
  image: WindowImage;
  team: string;
  usage: ImageUsage | undefined;
  /** The image's open findings at or above the threshold, one per key. */
  findings: Finding[];
  /** Keys first alerted now (sorted), and the finding key → finding they stand for. */
  newKeys: string[];
  kind: 'new' | 'update';
  /** The generation the image's alert becomes (absent in a dry run). */
  generation?: number;
}

/** One finding on many images of a team. */
export interface FanIn {
  team: string;
  /** The vulnerability id the images share. */
  id: string;
  /** Its most dangerous instance among the images (ranks the message). */
  finding: Finding;
  /** The images, in use first. */
  images: AlertedImage[];
}

/** An image's own message: the new keys that no fan-in carries. */
export interface ImageMessage {
  image: AlertedImage;
  newKeys: string[];
}

export interface FanInPlan {
  fanIns: FanIn[];
  images: ImageMessage[];
}

/**
 * Plans the window's messages: one per (team, finding id) on more than `groupAbove` images,
 * and one per image for its other new findings. An image whose every new finding is in a
 * fan-in gets no message of its own. Fan-ins and images come ranked: exploit available, fix
 * available, in use, severity, score.
 *
 * @param images - the images with something new
 * @param groupAbove - `alerts.groupAbove`
 * @returns the plan
 *
 * @example
 * ```ts
 * const { fanIns, images: own } = planFanIn(alerted, 5);
 * ```
 */
export function planFanIn(images: readonly AlertedImage[], groupAbove: number): FanInPlan {
  const byFinding = new Map<string, { team: string; id: string; images: AlertedImage[] }>();
  for (const image of images) {
    const ids = new Set(newFindings(image).map((finding) => finding.id));
    for (const id of ids) {
      const key = JSON.stringify([image.team, id]);
      const entry = byFinding.get(key) ?? { team: image.team, id, images: [] };
      entry.images.push(image);
      byFinding.set(key, entry);
    }
  }
  const fanIns: FanIn[] = [];
  const grouped = new Map<AlertedImage, Set<string>>();
  for (const entry of byFinding.values()) {
    if (entry.images.length <= groupAbove) continue;
    const instances = entry.images.flatMap((image) =>
      newFindings(image).filter((finding) => finding.id === entry.id),
    );
    const [finding] = [...instances].sort(compareFindings);
    if (finding === undefined) continue;
    fanIns.push({
      team: entry.team,
      id: entry.id,
      finding,
      images: [...entry.images].sort(compareImages),
    });
    for (const image of entry.images) {
      const ids = grouped.get(image) ?? new Set();
      ids.add(entry.id);
      grouped.set(image, ids);
    }
  }
  const own: ImageMessage[] = [];
  for (const image of images) {
    const ids = grouped.get(image);
    const keys = image.newKeys.filter((key) => {
      const finding = image.findings.find((f) => findingKey(f) === key);
      return finding === undefined || ids === undefined || !ids.has(finding.id);
    });
    if (keys.length > 0) own.push({ image, newKeys: keys });
  }
  fanIns.sort((a, b) => compareFindings(a.finding, b.finding) || compareText(a.team, b.team));
  own.sort((a, b) => compareOwn(a, b));
  return { fanIns, images: own };
}

function newFindings(image: AlertedImage): Finding[] {
  const fresh = new Set(image.newKeys);
  return image.findings.filter((finding) => fresh.has(findingKey(finding)));
}

function topOf(message: ImageMessage): Finding | undefined {
  return newFindings({ ...message.image, newKeys: message.newKeys }).sort(compareFindings)[0];
}

/** Exploit, then fix (the finding's), then in use (the image's), then severity and score. */
function compareOwn(a: ImageMessage, b: ImageMessage): number {
  const fa = topOf(a);
  const fb = topOf(b);
  if (fa === undefined || fb === undefined) return 0;
  const exploit = Number(fb.exploitAvailable === true) - Number(fa.exploitAvailable === true);
  if (exploit !== 0) return exploit;
  const fix =
    Number(fb.fixAvailable ?? fb.fixedInVersion !== undefined) -
    Number(fa.fixAvailable ?? fa.fixedInVersion !== undefined);
  if (fix !== 0) return fix;
  const inUse = Number(b.image.usage?.inUse === true) - Number(a.image.usage?.inUse === true);
  if (inUse !== 0) return inUse;
  return compareFindings(fa, fb);
}

/** In use first, then by repository and digest. */
function compareImages(a: AlertedImage, b: AlertedImage): number {
  const inUse = Number(b.usage?.inUse === true) - Number(a.usage?.inUse === true);
  if (inUse !== 0) return inUse;
  return (
    compareText(a.image.subject.repositoryName, b.image.subject.repositoryName) ||
    compareText(a.image.subject.imageDigest, b.image.subject.imageDigest)
  );
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
