export {
  type AlertFindingEventsDeps,
  type AlertFindingEventsResult,
  alertFindingEvents,
  type FindingAlertDelivery,
  type FindingWindowMessage,
} from './alert-finding-events.ts';
export { createNotifySlackDeps } from './create-notify-slack-deps.ts';
export { createRemediationLock } from './create-remediation-lock.ts';
export {
  type AlertingSettings,
  createFindingEventsDeps,
  createReportFindingsDeps,
  type ReportFindingsDepsOptions,
} from './create-report-findings-deps.ts';
export {
  type EnforcementResult,
  type HandleEnforcementEventDeps,
  handleEnforcementEvent,
} from './handle-enforcement-event.ts';
export { logEnforcementResult } from './log-enforcement-result.ts';
export { logNotifySlackResult } from './log-notify-slack-result.ts';
export { logReportFindingsResult } from './log-report-findings-result.ts';
export { type NotifySlackDeps, type NotifySlackResult, notifySlack } from './notify-slack.ts';
export { ownIdentityOf } from './own-identity.ts';
export {
  type AlertDelivery,
  type AlertMessage,
  type FindingsSource,
  type ReportFindingsDeps,
  type ReportFindingsResult,
  reportFindings,
} from './report-findings.ts';
export {
  type RunSweepMessagesDeps,
  type RunSweepMessagesResult,
  runSweepMessages,
  type SweepRecord,
  type SweepRunSummary,
} from './run-sweep-messages.ts';
export { publishSlackDeliveryMetrics, SLACK_ROUTE_REFUSED_METRIC } from './slack-metrics.ts';
export { type StartSweepInput, startSweep } from './start-sweep.ts';
export { METRICS_NAMESPACE, publishSweepMetrics } from './sweep-metrics.ts';
