/**
 * A notice, from what enforcement reported.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { CONTROLS, EXEMPT_REASON_TAG, EXEMPT_TAG, EXEMPT_UNTIL_TAG } from '#lib/controls/index.ts';
import type { RepositoryReport } from '#lib/enforcement/index.ts';
import { partitionOf } from '#lib/events/repository-arn.ts';
import type { Standard } from '#lib/standard/index.ts';
import { describeChange } from './describe-change.ts';
import {
  MAX_NOTICE_REPOSITORIES,
  NOTICE_TYPE,
  type Notice,
  type NoticeDrift,
  type NoticeRepository,
} from './notice.ts';

const CONSOLE_DOMAIN: Readonly<Record<string, string>> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

function repositoryConsoleUrl(account: string, region: string, repositoryName: string): string {
  const domain = CONSOLE_DOMAIN[partitionOf(region)] ?? CONSOLE_DOMAIN.aws;
  const path = repositoryName.split('/').map(encodeURIComponent).join('/');
  return `https://${region}.${domain}/ecr/repositories/private/${account}/${path}?region=${encodeURIComponent(region)}`;
}

function sectionOf(control: string): string {
  return CONTROLS.find((c) => c.name === control)?.section.key ?? control;
}

/**
 * What a repository's report says ecr-guard changed, for a notice: every write made, before →
 * after.
 *
 * @param options - `planned`: count a dry run's planned writes too (what it would announce)
 * @returns the repository's entry, or `undefined` when nothing was written (planned writes
 *   are not changes, unless `planned`)
 *
 * @example
 * ```ts
 * const entry = noticeRepositoryOf(report); // { repositoryName: 'payments-api', changes: [...], … }
 * ```
 */
export function noticeRepositoryOf(
  report: RepositoryReport,
  options: { planned?: boolean } = {},
): NoticeRepository | undefined {
  const counted = (status: string): boolean =>
    status === 'remediated' || (options.planned === true && status === 'planned');
  const changes = report.controls.flatMap((outcome) =>
    !counted(outcome.status)
      ? []
      : outcome.writes.map((write) =>
          describeChange(write, report.state, {
            control: outcome.control,
            section: sectionOf(outcome.control),
            ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
          }),
        ),
  );
  if (changes.length === 0) return undefined;
  return {
    account: report.account,
    region: report.region,
    repositoryName: report.repositoryName,
    consoleUrl: repositoryConsoleUrl(report.account, report.region, report.repositoryName),
    scope: report.scope ?? 'default',
    changes,
    heldBack: 0,
  };
}

export interface BuildNoticeInput {
  team: string;
  origin: Notice['origin'];
  /** The event id, or the sweep's run id. */
  originId: string;
  /** Every repository of the team changed, in order; only the first 20 are listed. */
  repositories: readonly NoticeRepository[];
  drift?: NoticeDrift;
  standard: Pick<Standard, 'notices'>;
  now: Date;
}

/**
 * Builds a team's notice. Its id depends only on what it announces (the team, the event or
 * run, the repositories and their changes), so the same change announced again has the same
 * id and a receiver can drop the copy.
 *
 * @example
 * ```ts
 * const notice = buildNotice({ team: 'payments', origin: 'event', originId: event.id, repositories: [entry], standard, now: new Date() });
 * ```
 */
export function buildNotice(input: BuildNoticeInput): Notice {
  const listed = input.repositories.slice(0, MAX_NOTICE_REPOSITORIES);
  const identity = JSON.stringify([
    input.team,
    input.origin,
    input.originId,
    input.repositories.map((r) => [r.account, r.region, r.repositoryName, r.changes]),
  ]);
  return {
    type: NOTICE_TYPE,
    noticeId: createHash('sha256').update(identity).digest('hex').slice(0, 32),
    team: input.team,
    origin: input.origin,
    originId: input.originId,
    createdAt: input.now.toISOString(),
    repositories: listed,
    omittedRepositories: input.repositories.length - listed.length,
    ...(input.drift === undefined ? {} : { drift: input.drift }),
    exemption: {
      tags: { exempt: EXEMPT_TAG, exemptUntil: EXEMPT_UNTIL_TAG, exemptReason: EXEMPT_REASON_TAG },
      help: input.standard.notices.exemptionHelp,
    },
  };
}
