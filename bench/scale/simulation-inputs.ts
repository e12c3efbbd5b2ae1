/**
 * What every part of the simulation is given: the organization's options (each process
 * generates the same organization from them), the AWS model's, the stack's settings, and the
 * functions' environments with the stack's references resolved to the simulation's.
 */
import { readFileSync } from 'node:fs';
import type { AwsModelOptions } from './aws-model.ts';
import type { Organization, OrganizationOptions } from './organization.ts';
import { resolveEnvironment, type StackSettings } from './stack-settings.ts';

export interface SimulationInputs {
  organization: OrganizationOptions;
  aws: AwsModelOptions;
  stack: StackSettings;
  /** Unreserved concurrency of the central account's region (Lambda's default quota, 1,000). */
  accountConcurrency: number;
  /** Module init of a cold container, ms. */
  initMs: number;
}

/** When the simulated schedule fires (cron(0 3 * * ? *)). */
export const SWEEP_START = Date.parse('2026-12-02T03:00:00Z');

const SCHEDULED_EVENT = new URL(
  '../../test/fixtures/lambda-events/scheduled-event.aws-docs.json',
  import.meta.url,
);

/** The EventBridge scheduled event (AWS docs sample) that starts the sweep, at `time`. */
export function scheduledEvent(time: number): Record<string, unknown> {
  const event = JSON.parse(readFileSync(SCHEDULED_EVENT, 'utf8')) as Record<string, unknown>;
  return { ...event, time: new Date(time).toISOString() };
}

/** Where the simulated functions run. */
export interface SimulatedStack {
  region: string;
  queueName: string;
  queueUrl: string;
  queueArn: string;
  schedulerEnv: Record<string, string>;
  workerEnv: Record<string, string>;
}

/**
 * The functions' environments as Lambda sets them from the packaged template, in the
 * organization's central account and first region.
 */
export function simulatedStack(stack: StackSettings, organization: Organization): SimulatedStack {
  const region = organization.regions[0] ?? 'us-east-1';
  const account = organization.centralAccount;
  const queueName = 'ecr-guard-scale-sweep';
  const queueUrl = `https://sqs.${region}.amazonaws.com/${account}/${queueName}`;
  const refs = {
    'AWS::AccountId': account,
    'AWS::Partition': 'aws',
    'AWS::Region': region,
    SweepQueue: queueUrl,
    DedupeTable: 'ecr-guard-scale-dedupe',
  };
  const lambda = { AWS_REGION: region, AWS_DEFAULT_REGION: region };
  return {
    region,
    queueName,
    queueUrl,
    queueArn: `arn:aws:sqs:${region}:${account}:${queueName}`,
    schedulerEnv: { ...resolveEnvironment(stack.scheduler.environment, refs), ...lambda },
    workerEnv: { ...resolveEnvironment(stack.worker.environment, refs), ...lambda },
  };
}
