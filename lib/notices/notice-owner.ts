/**
 * Who owns a changed repository: the team a notice goes to.
 *
 * @module
 */
import { owningTeam } from '#lib/alerts/owning-team.ts';
import type { RepositoryReport } from '#lib/enforcement/index.ts';
import type { Standard } from '#lib/standard/index.ts';

/**
 * The owning team of a repository, as its report read it: the tag named by
 * `ownership.teamTagKey`, else the naming control's `{team}` segment (the engine puts either
 * in `report.team`), trimmed and NFC; else `unowned` (the default Slack route). The one place
 * that decides a notice's team.
 *
 * @example
 * ```ts
 * noticeOwner({ ...report, team: 'payments' }, standard); // 'payments'
 * ```
 */
export function noticeOwner(
  report: Pick<RepositoryReport, 'team'>,
  standard: Pick<Standard, 'ownership'>,
): string {
  const key = standard.ownership.teamTagKey;
  return owningTeam(report.team === undefined ? {} : { [key]: report.team }, key);
}
