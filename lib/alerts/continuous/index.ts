export { groupedAlert, resolvedAlert, type TeamAlertEntry } from './build-team-alert.ts';
export {
  type ClosedFindingsState,
  closedFindingsKey,
  closedFindingsLedger,
} from './closed-findings-ledger.ts';
export {
  gatherFindingWindow,
  imageKeyOf,
  type WindowEvent,
  type WindowImage,
} from './finding-window.ts';
export {
  type AlertedImage,
  type FanIn,
  type FanInPlan,
  type ImageMessage,
  planFanIn,
} from './plan-fan-in.ts';
