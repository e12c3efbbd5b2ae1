/**
 * A window of `Inspector2 Finding` events, gathered per image: what is open and what closed
 * on each digest once every event of the window is read, in the order Inspector changed them.
 *
 * @module
 */
import type { FindingChangedEvent } from '#lib/events/index.ts';
import { type Finding, findingKey, findingsOfFindingEvent } from '#lib/findings/index.ts';
import type { AlertSubject } from '../fingerprint.ts';

/** An event of the window, and the queue record it came in (for partial batch failures). */
export interface WindowEvent {
  event: FindingChangedEvent;
  recordId: string;
}

/** One image's findings in the window. */
export interface WindowImage {
  subject: AlertSubject;
  tags: string[];
  pushedAt?: string;
  lastInUseAt?: string;
  inUseCount?: number;
  /** Finding key → the finding, for the findings whose last status in the window is ACTIVE. */
  active: Map<string, Finding>;
  /** Finding key → the finding, for those whose last status is CLOSED. */
  closed: Map<string, Finding>;
  /** The window's first event on the image: the alert names it. */
  firstEvent: { id: string; time: string };
  /** The queue records of the image's events. */
  recordIds: Set<string>;
}

/**
 * The image key of a subject (`ACCOUNT/REGION/REPOSITORY@DIGEST`).
 *
 * @example
 * ```ts
 * imageKeyOf({ account: '123456789012', region: 'us-east-1', repositoryName: 'app', imageDigest: 'sha256:ab' });
 * // '123456789012/us-east-1/app@sha256:ab'
 * ```
 */
export function imageKeyOf(subject: AlertSubject): string {
  return `${subject.account}/${subject.region}/${subject.repositoryName}@${subject.imageDigest}`;
}

function changedAt(event: FindingChangedEvent): number {
  const at = Date.parse(event.updatedAt ?? event.time);
  return Number.isNaN(at) ? 0 : at;
}

/**
 * Gathers the events per image. Copies of one finding (the member's and the delegated
 * administrator's, a redelivery) collapse: a finding is its image and its key. When a finding
 * changes more than once in the window, the last change (Inspector's `updatedAt`) holds;
 * `SUPPRESSED` takes it out of what is open without closing it.
 *
 * @param events - the window's events, in any order
 * @returns one entry per image, in the order their first event came
 *
 * @example
 * ```ts
 * const images = gatherFindingWindow([{ event, recordId: 'm-1' }]);
 * [...(images[0]?.active.keys() ?? [])]; // ['CVE-2024-6119 libssl3t64', 'CVE-2024-6119 openssl']
 * ```
 */
export function gatherFindingWindow(events: readonly WindowEvent[]): WindowImage[] {
  const ordered = events
    .map((item, index) => ({ ...item, index }))
    .sort((a, b) => changedAt(a.event) - changedAt(b.event) || a.index - b.index);
  const images = new Map<string, WindowImage & { firstIndex: number }>();
  for (const { event, recordId, index } of ordered) {
    const subject: AlertSubject = {
      account: event.account,
      region: event.region,
      repositoryName: event.repositoryName,
      imageDigest: event.imageDigest,
    };
    const key = imageKeyOf(subject);
    let image = images.get(key);
    if (image === undefined) {
      image = {
        subject,
        tags: [...event.imageTags],
        active: new Map(),
        closed: new Map(),
        firstEvent: { id: event.id, time: event.time },
        recordIds: new Set(),
        firstIndex: index,
      };
      images.set(key, image);
    }
    image.recordIds.add(recordId);
    if (index < image.firstIndex) {
      image.firstIndex = index;
      image.firstEvent = { id: event.id, time: event.time };
    }
    // The latest event knows the image best (tags move, usage changes).
    if (event.imageTags.length > 0) image.tags = [...event.imageTags];
    if (event.pushedAt !== undefined) image.pushedAt = event.pushedAt;
    if (event.lastInUseAt !== undefined) image.lastInUseAt = event.lastInUseAt;
    if (event.inUseCount !== undefined) image.inUseCount = event.inUseCount;
    for (const finding of findingsOfFindingEvent(event)) {
      const findingKeyText = findingKey(finding);
      image.active.delete(findingKeyText);
      image.closed.delete(findingKeyText);
      if (event.status === 'ACTIVE') image.active.set(findingKeyText, finding);
      if (event.status === 'CLOSED') image.closed.set(findingKeyText, finding);
    }
  }
  return [...images.values()]
    .sort((a, b) => a.firstIndex - b.firstIndex)
    .map(({ firstIndex: _, ...image }) => image);
}
