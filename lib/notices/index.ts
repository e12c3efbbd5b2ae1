export { type BuildNoticeInput, buildNotice, noticeRepositoryOf } from './build-notice.ts';
export { type ChangeOrigin, describeChange } from './describe-change.ts';
export { readablePrincipal } from './drift-caller.ts';
export { NoticeDeliveryError } from './errors.ts';
export { lifecycleRuleSummary } from './lifecycle-rule-summary.ts';
export {
  MAX_NOTICE_REPOSITORIES,
  NOTICE_KIND,
  NOTICE_TYPE,
  type Notice,
  type NoticeChange,
  type NoticeDrift,
  type NoticeRepository,
  NoticeSchema,
} from './notice.ts';
export {
  DRIFT_WINDOW_MS,
  NOTICE_KEY_PREFIX,
  type NoticeDecision,
  type NoticeState,
  noticeKey,
  noticeLedger,
  planNotice,
} from './notice-ledger.ts';
export { noticeSubject, type SnsNoticeMessage, snsNoticeMessage } from './notice-message.ts';
export { noticeOwner } from './notice-owner.ts';
export { type NoticeParking, type ParkedNotice, sqsNoticeParking } from './notice-parking.ts';
export type { NoticePublisher } from './sns-notice-publisher.ts';
