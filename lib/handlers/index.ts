export { admitEvent, type TurnedAway } from './admit-event.ts';
export { type AdmitEventOptions, admitGuardEvent } from './admit-event-middleware.ts';
export {
  type ExpectedFailure,
  type LogFailuresOptions,
  logFailures,
} from './log-failures-middleware.ts';
