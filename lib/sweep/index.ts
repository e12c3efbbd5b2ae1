export type { AsyncChannel } from './async-channel.ts';
export { createAsyncChannel } from './async-channel.ts';
export { awsAccountSource } from './aws-account-source.ts';
export type { CallerIdentity } from './caller-identity.ts';
export { callerIdentity } from './caller-identity.ts';
export type { FailureDescription } from './describe-failure.ts';
export { describeFailure } from './describe-failure.ts';
export type { EnqueueSweepInput, QueuedSweepMessage, SweepQueue } from './enqueue-sweep.ts';
export { enqueueSweep, sweepMessageDeduplicationId } from './enqueue-sweep.ts';
export { InvalidTargetError, SweepError, SweepQueueError } from './errors.ts';
export type { AccountSource } from './expand-targets.ts';
export { checkAccounts, checkRegions, expandTargets } from './expand-targets.ts';
export type { Limiter } from './limiter.ts';
export { createLimiter } from './limiter.ts';
export type { OrganizationAccount } from './organization-accounts.ts';
export { listOrganizationAccounts } from './organization-accounts.ts';
export { sqsSweepQueue } from './sqs-sweep-queue.ts';
export type { SweepDeps, SweepGateway, SweepOptions } from './sweep.ts';
export {
  DEFAULT_CONCURRENCY_OVERALL,
  DEFAULT_CONCURRENCY_PER_TARGET,
  sweep,
} from './sweep.ts';
export type { SweepEvent } from './sweep-event.ts';
export type { SweepMessage } from './sweep-message.ts';
export { SweepMessageSchema } from './sweep-message.ts';
export type { SweepTarget, TargetPlan, TargetSelection } from './sweep-target.ts';
export { targetName } from './sweep-target.ts';
