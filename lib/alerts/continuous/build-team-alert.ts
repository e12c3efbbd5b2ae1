/**
 * Builds the team alerts of a window: `grouped` (one finding, many images) and `resolved`
 * (images whose alerted findings all closed).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { Severity } from '#lib/events/index.ts';
import { compareSeverity, type Finding } from '#lib/findings/index.ts';
import { ALERT_SCHEMA_VERSION, type AlertFinding } from '../alert-schema.ts';
import { toAlertFinding } from '../build-alert.ts';
import { consoleLinks } from '../console-links.ts';
import { type ImageUsage, usageText } from '../image-usage.ts';
import {
  TEAM_ALERT_MAX_IMAGES,
  type TeamAlert,
  type TeamAlertImage,
} from '../team-alert-schema.ts';
import { imageKeyOf, type WindowImage } from './finding-window.ts';
import type { FanIn } from './plan-fan-in.ts';

/** An image as a team alert lists it, and the version of its record the alert stands for. */
export interface TeamAlertEntry {
  image: WindowImage;
  usage: ImageUsage | undefined;
  /** The generation of the image's record (absent in a dry run). */
  generation?: number;
}

function listed(entry: TeamAlertEntry): TeamAlertImage {
  const { subject, tags } = entry.image;
  const usage = usageText(entry.usage);
  return {
    account: subject.account,
    region: subject.region,
    repository: subject.repositoryName,
    digest: subject.imageDigest,
    tags: tags.slice(0, 10),
    ...(usage === undefined ? {} : { usage }),
    link: consoleLinks(subject).image,
  };
}

/**
 * The fingerprint of a team alert: its kind, team, finding and every image with the version
 * of its record. A retry of the same window gives the same fingerprint: subscribers drop the
 * second copy.
 */
function teamFingerprint(
  kind: string,
  team: string,
  id: string,
  entries: readonly TeamAlertEntry[],
): string {
  const images = entries
    .map((entry) => `${imageKeyOf(entry.image.subject)}#${entry.generation ?? 0}`)
    .sort();
  const canonical = JSON.stringify([kind, team, id, images]);
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

function firstEvent(entries: readonly TeamAlertEntry[]): { id: string; time: string } {
  const events = entries.map((entry) => entry.image.firstEvent);
  const [first] = [...events].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return first ?? { id: 'unknown', time: new Date(0).toISOString() };
}

/**
 * The `grouped` alert of a fan-in: the finding, how many images it hits, the first
 * {@link TEAM_ALERT_MAX_IMAGES} of them (in use first) with console links.
 *
 * @example
 * ```ts
 * const alert = groupedAlert(fanIn, { minSeverity: 'HIGH' });
 * alert.imageCount; // 20
 * ```
 */
export function groupedAlert(fanIn: FanIn, options: { minSeverity: Severity }): TeamAlert {
  const entries: TeamAlertEntry[] = fanIn.images.map((image) => ({
    image: image.image,
    usage: image.usage,
    ...(image.generation === undefined ? {} : { generation: image.generation }),
  }));
  const finding: AlertFinding = toAlertFinding(fanIn.finding, true);
  return {
    schemaVersion: ALERT_SCHEMA_VERSION,
    kind: 'grouped',
    fingerprint: teamFingerprint('grouped', fanIn.team, fanIn.id, entries),
    ...(entries.every((entry) => entry.generation !== undefined) ? { generation: 1 } : {}),
    event: firstEvent(entries),
    team: fanIn.team,
    minSeverity: options.minSeverity,
    severity: fanIn.finding.severity,
    finding,
    imageCount: entries.length,
    images: entries.slice(0, TEAM_ALERT_MAX_IMAGES).map(listed),
    omittedImages: Math.max(0, entries.length - TEAM_ALERT_MAX_IMAGES),
  };
}

/**
 * The `resolved` alert of a team: the images whose alerted findings all closed, and which
 * vulnerabilities closed.
 *
 * @example
 * ```ts
 * const alert = resolvedAlert('payments', entries, closedFindings, { minSeverity: 'HIGH' });
 * ```
 */
export function resolvedAlert(
  team: string,
  entries: readonly TeamAlertEntry[],
  closed: readonly Finding[],
  options: { minSeverity: Severity },
): TeamAlert {
  const ids = [...new Set(closed.map((finding) => finding.id))].sort();
  const severity = closed.map((finding) => finding.severity).sort(compareSeverity)[0];
  return {
    schemaVersion: ALERT_SCHEMA_VERSION,
    kind: 'resolved',
    fingerprint: teamFingerprint('resolved', team, '', entries),
    ...(entries.every((entry) => entry.generation !== undefined) ? { generation: 1 } : {}),
    event: firstEvent(entries),
    team,
    minSeverity: options.minSeverity,
    severity: severity ?? options.minSeverity,
    resolvedIds: ids.slice(0, TEAM_ALERT_MAX_IMAGES),
    omittedResolvedIds: Math.max(0, ids.length - TEAM_ALERT_MAX_IMAGES),
    imageCount: entries.length,
    images: entries.slice(0, TEAM_ALERT_MAX_IMAGES).map(listed),
    omittedImages: Math.max(0, entries.length - TEAM_ALERT_MAX_IMAGES),
  };
}
