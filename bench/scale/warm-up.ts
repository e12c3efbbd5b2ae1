/**
 * One small sweep in real time before the virtual clock is installed: the SDK loads some
 * modules on first use, asynchronously, and virtual time must not run past that; it also
 * warms up the JIT before CPU time is measured.
 */
import type { Standard } from '#lib/standard/index.ts';
import { AwsModel } from './aws-model.ts';
import { generateOrganization } from './organization.ts';
import { captureOutput, lambdaCredentials, withEnvironment } from './process-capture.ts';
import { seededRandom } from './random.ts';
import { sweepSchedulerContainer, sweepWorkerContainer } from './simulated-functions.ts';
import { type SimulationInputs, scheduledEvent, simulatedStack } from './simulation-inputs.ts';
import { VirtualClock } from './virtual-clock.ts';

/**
 * Sweeps two accounts with a dozen repositories in every state, through both functions.
 *
 * @throws {Error} when the sweep asks the model for a call it does not model.
 */
export async function warmUp(inputs: SimulationInputs, standard: Standard): Promise<void> {
  const organization = generateOrganization({
    ...inputs.organization,
    seed: 'warm-up',
    accounts: 2,
    regions: [inputs.organization.regions[0] ?? 'us-east-1'],
    repositories: 12,
    mix: { missingImmutability: 0.5, missingLifecycle: 0.5, missingScanning: 0.5, exempt: 0.2 },
    hardThrottled: { accounts: 0, callsPerSecond: 1 },
  });
  const stack = simulatedStack(inputs.stack, organization);
  const messages: string[] = [];
  // Not installed: the model answers after real (1 ms) delays.
  const clock = new VirtualClock({ start: Date.now() });
  const aws = new AwsModel({
    clock,
    organization,
    random: seededRandom('warm-up'),
    options: { ...inputs.aws, latencyMs: 1, jitter: 0 },
    queue: {
      send: (body) => {
        messages.push(body);
        return `warm-up-${messages.length}`;
      },
    },
  });
  const restore = withEnvironment({
    ...lambdaCredentials(aws.centralKey, stack.region),
    POWERTOOLS_LOG_LEVEL: 'INFO',
  });
  const output = captureOutput();
  try {
    const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Parameters<
      ReturnType<typeof sweepWorkerContainer>
    >[1];
    const shared = { standard, requestHandler: aws.requestHandler };
    const scheduler = sweepSchedulerContainer({ ...shared, env: stack.schedulerEnv }, () => {});
    await scheduler(scheduledEvent(Date.now()), context);
    const worker = sweepWorkerContainer({ ...shared, env: stack.workerEnv }, () => {});
    await worker(
      { Records: messages.map((body, i) => ({ messageId: `warm-up-${i}`, body })) },
      context,
    );
  } finally {
    output.restore();
    restore();
  }
  if (aws.unsupported.size > 0) {
    throw new Error(
      `the AWS model was asked for calls it does not model: ${[...aws.unsupported].join(', ')}`,
    );
  }
}
