/**
 * The scheduled `sweep` function over the whole organization, simulated: it lists the
 * organization's accounts and sends one message per account and region, exactly as the
 * function does; the messages (and when each becomes visible) are handed to the workers'
 * simulations.
 */
import { loadStandard } from '#lib/standard/index.ts';
import { AwsModel, type CallCount } from './aws-model.ts';
import { type InvocationRecord, SimulatedFunction } from './lambda-service.ts';
import { generateOrganization } from './organization.ts';
import { captureOutput, lambdaCredentials, withEnvironment } from './process-capture.ts';
import { seededRandom } from './random.ts';
import { type SchedulerOutcome, sweepSchedulerContainer } from './simulated-functions.ts';
import {
  type SimulationInputs,
  SWEEP_START,
  scheduledEvent,
  simulatedStack,
} from './simulation-inputs.ts';
import { VirtualClock } from './virtual-clock.ts';

/** One message of the fan-out: sent at `sentAt` (ms after the schedule fired), delayed `delaySeconds`. */
export interface FannedOutMessage {
  body: string;
  account: string;
  sentAt: number;
  delaySeconds: number;
}

export interface FanOutResult {
  messages: FannedOutMessage[];
  invocation: InvocationRecord;
  outcome: SchedulerOutcome | undefined;
  counts: Record<string, CallCount>;
  logBytes: number;
}

/**
 * Runs the scheduler's invocation for the whole organization.
 *
 * @throws {Error} when the invocation fails (a timeout included): the sweep would not start.
 */
export async function simulateFanOut(inputs: SimulationInputs): Promise<FanOutResult> {
  const organization = generateOrganization(inputs.organization);
  const stack = simulatedStack(inputs.stack, organization);
  const standard = await loadStandard();
  const clock = new VirtualClock({ start: SWEEP_START });
  const messages: FannedOutMessage[] = [];
  const aws = new AwsModel({
    clock,
    organization,
    random: seededRandom(`${inputs.organization.seed}/fan-out`),
    options: inputs.aws,
    queue: {
      send: (body, delaySeconds) => {
        const account = String((JSON.parse(body) as { account?: unknown }).account);
        messages.push({ body, account, sentAt: clock.now() - SWEEP_START, delaySeconds });
        return `fan-out-${messages.length.toString().padStart(8, '0')}`;
      },
    },
  });
  let outcome: SchedulerOutcome | undefined;
  const scheduler = new SimulatedFunction(
    clock,
    {
      name: 'sweep',
      timeoutMs: inputs.stack.scheduler.timeoutSeconds * 1000,
      memoryMb: inputs.stack.scheduler.memoryMb,
      initMs: inputs.initMs,
    },
    () =>
      sweepSchedulerContainer(
        { env: stack.schedulerEnv, standard, requestHandler: aws.requestHandler },
        (o) => {
          outcome = o;
        },
      ),
  );
  let record: InvocationRecord | undefined;
  const restoreEnv = withEnvironment(lambdaCredentials(aws.centralKey, stack.region));
  const output = captureOutput();
  const restoreClock = clock.install();
  try {
    clock.schedule(undefined, 0, () => {
      scheduler.invoke(scheduledEvent(SWEEP_START), 0, (_result, r) => {
        record = r;
      });
    });
    await clock.run({ done: () => record !== undefined, limitMs: 3_600_000 });
  } finally {
    restoreClock();
    output.restore();
    restoreEnv();
  }
  if (record === undefined) throw new Error('the scheduled sweep never finished');
  if (record.error !== undefined) throw new Error(`the scheduled sweep failed: ${record.error}`);
  return {
    messages,
    invocation: record,
    outcome,
    counts: Object.fromEntries(aws.counts),
    logBytes: output.bytes,
  };
}
