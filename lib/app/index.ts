export {
  type AlertFindingEventsDeps,
  type AlertFindingEventsResult,
  alertFindingEvents,
  type FindingAlertDelivery,
  type FindingWindowMessage,
} from './alert-finding-events.ts';
export { createNoticeSending, NoticeSetupError } from './create-notice-sending.ts';
export { createNotifySlackDeps } from './create-notify-slack-deps.ts';
export { createRemediationLock } from './create-remediation-lock.ts';
export {
  type AlertingSettings,
  createFindingEventsDeps,
  createReportFindingsDeps,
  type ReportFindingsDepsOptions,
} from './create-report-findings-deps.ts';
export {
  createSweepWorkerDeps,
  type SweepInvocation,
  type SweepWorkerSettings,
  type SweepWorkerWiring,
  WORKER_CONCURRENCY_PER_TARGET,
} from './create-sweep-worker-deps.ts';
export {
  type EnforcementResult,
  type HandleEnforcementEventDeps,
  handleEnforcementEvent,
} from './handle-enforcement-event.ts';
export { logEnforcementResult } from './log-enforcement-result.ts';
export { logNotifySlackResult } from './log-notify-slack-result.ts';
export { logReportFindingsResult } from './log-report-findings-result.ts';
export { logNoticeOutcomes, noticeOriginOf } from './notice-origin.ts';
export { type NotifySlackDeps, type NotifySlackResult, notifySlack } from './notify-slack.ts';
export {
  type EnqueueLedgerStore,
  onceOnlySweepQueue,
  SWEEP_SENT_KEY_PREFIX,
  SWEEP_SENT_LEASE_MS,
  SWEEP_SENT_TTL_SECONDS,
  type SweepMessageSent,
  sweepEnqueueLedger,
  sweepSentKey,
} from './once-only-sweep-queue.ts';
export { ownIdentityOf } from './own-identity.ts';
export { postNotice } from './post-notice.ts';
export { publishReplicationFailure } from './replication-failure-metric.ts';
export {
  type AlertDelivery,
  type AlertMessage,
  type FindingsSource,
  type ReportFindingsDeps,
  type ReportFindingsResult,
  reportFindings,
} from './report-findings.ts';
export {
  CONTINUED_PAGE_SIZE,
  DEFAULT_RESERVE_MS,
  MAX_STALLS,
  type RunSweepMessagesDeps,
  type RunSweepMessagesResult,
  runSweepMessages,
  type SweepContinuation,
  type SweepRecord,
  type SweepRunSummary,
} from './run-sweep-messages.ts';
export {
  type NoticeOrigin,
  type NoticeOutcome,
  type NoticeSending,
  type SendNoticesDeps,
  sendNotices,
} from './send-notices.ts';
export { publishSlackDeliveryMetrics, SLACK_ROUTE_REFUSED_METRIC } from './slack-metrics.ts';
export { type StartSweepInput, startSweep } from './start-sweep.ts';
export { METRICS_NAMESPACE, publishSweepMetrics } from './sweep-metrics.ts';
