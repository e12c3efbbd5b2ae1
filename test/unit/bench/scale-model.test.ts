/**
 * The scale benchmark's model (bench/scale) is only as good as its answers: these hold it to
 * ECR's and to virtual time's, through the real SDK.
 */
import {
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  LifecyclePolicyNotFoundException,
} from '@aws-sdk/client-ecr';
import { describe, expect, it } from 'vitest';
import {
  AwsModel,
  type AwsModelOptions,
  DEFAULT_AWS_MODEL,
} from '../../../bench/scale/aws-model.ts';
import {
  DEFAULT_ORGANIZATION,
  generateOrganization,
  MISSING_LIFECYCLE,
  repositoryName,
} from '../../../bench/scale/organization.ts';
import { seededRandom } from '../../../bench/scale/random.ts';
import { type CpuOwner, VirtualClock } from '../../../bench/scale/virtual-clock.ts';

const START = Date.parse('2026-12-02T03:00:00Z');

function world(options: Partial<AwsModelOptions> = {}): {
  clock: VirtualClock;
  aws: AwsModel;
  ecr: ECRClient;
  registry: { account: string; region: string; states: Uint8Array };
} {
  const organization = generateOrganization({
    ...DEFAULT_ORGANIZATION,
    seed: 'model-test',
    accounts: 1,
    regions: ['eu-west-1'],
    repositories: 250,
    hardThrottled: { accounts: 0, callsPerSecond: 1 },
  });
  const clock = new VirtualClock({ start: START });
  const aws = new AwsModel({
    clock,
    organization,
    random: seededRandom('model-test'),
    options: { ...DEFAULT_AWS_MODEL, ...options },
    queue: { send: () => 'message-id' },
  });
  const ecr = new ECRClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: aws.centralKey, secretAccessKey: 'secret' },
    requestHandler: aws.requestHandler,
    maxAttempts: 1,
  });
  const registry = organization.accounts[0]?.registries[0];
  if (registry === undefined) throw new Error('no registry generated');
  return { clock, aws, ecr, registry };
}

/** Runs `act` in virtual time, the clock installed only meanwhile. */
async function inVirtualTime<T>(clock: VirtualClock, act: () => Promise<T>): Promise<T> {
  const restore = clock.install();
  let outcome: { value: T } | { error: unknown } | undefined;
  try {
    clock.schedule(undefined, 0, () => {
      act().then(
        (value) => {
          outcome = { value };
        },
        (error: unknown) => {
          outcome = { error };
        },
      );
    });
    await clock.run({ done: () => outcome !== undefined, limitMs: 3_600_000 });
  } finally {
    restore();
  }
  if (outcome === undefined) throw new Error('did not settle');
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

describe('Class: AwsModel (bench/scale)', () => {
  it('pages DescribeRepositories as ECR does: 100 by default, maxResults up to 1,000, a nextToken while more remain', async () => {
    // Prepare
    const { clock, ecr } = world();

    // Act
    const [first, rest] = await inVirtualTime(clock, async () => {
      const page = await ecr.send(new DescribeRepositoriesCommand({}));
      const next = await ecr.send(
        new DescribeRepositoriesCommand({ maxResults: 1000, nextToken: page.nextToken }),
      );
      return [page, next] as const;
    });

    // Assess
    expect(first.repositories).toHaveLength(100);
    expect(first.nextToken).toEqual(expect.any(String));
    expect(rest.repositories).toHaveLength(150);
    expect(rest.nextToken).toBeUndefined();
    expect(first.repositories?.[0]).toMatchObject({
      repositoryName: repositoryName(0),
      registryId: expect.stringMatching(/^\d{12}$/),
      imageScanningConfiguration: { scanOnPush: expect.any(Boolean) },
      createdAt: expect.any(Date),
    });
  });

  it("answers GetLifecyclePolicy with ECR's LifecyclePolicyNotFoundException where a repository has none", async () => {
    // Prepare
    const { clock, ecr, registry } = world();
    const missing = registry.states.findIndex((s) => (s & MISSING_LIFECYCLE) !== 0);
    const present = registry.states.findIndex((s) => (s & MISSING_LIFECYCLE) === 0);

    // Act
    const [found, notFound] = await inVirtualTime(clock, async () => {
      const policy = await ecr.send(
        new GetLifecyclePolicyCommand({ repositoryName: repositoryName(present) }),
      );
      const error = await ecr
        .send(new GetLifecyclePolicyCommand({ repositoryName: repositoryName(missing) }))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      return [policy, error] as const;
    });

    // Assess
    expect(JSON.parse(found.lifecyclePolicyText ?? '')).toHaveProperty('rules');
    expect(notFound).toBeInstanceOf(LifecyclePolicyNotFoundException);
  });

  it('throttles past the rate of the account, with the throttling errors the SDK recognises', async () => {
    // Prepare
    const { clock, aws, ecr } = world({ callsPerSecond: 2, burst: 2 });

    // Act: five calls at the same instant.
    const settled = await inVirtualTime(clock, () =>
      Promise.allSettled(
        Array.from({ length: 5 }, (_, i) =>
          ecr.send(new GetLifecyclePolicyCommand({ repositoryName: repositoryName(i) })),
        ),
      ),
    );

    // Assess: two pass (the burst); three are throttled, both of AWS's ways.
    const refused = settled.filter((s) => s.status === 'rejected');
    expect(refused).toHaveLength(3);
    const names = refused.map((s) => (s as PromiseRejectedResult).reason.name as string);
    expect(new Set(names)).toEqual(new Set(['ThrottlingException', 'ThrottleException']));
    expect(aws.counts.get('ecr:GetLifecyclePolicy')).toMatchObject({ calls: 5, throttled: 3 });
  });
});

describe('Class: VirtualClock (bench/scale)', () => {
  it('lets a minute of timers pass without waiting for it, Date following', async () => {
    // Prepare
    const clock = new VirtualClock({ start: START });
    const realStart = performance.now();

    // Act
    const seen = await inVirtualTime(clock, async () => {
      await new Promise((resolve) => setTimeout(resolve, 60_000));
      return Date.now();
    });

    // Assess
    expect(seen).toBeGreaterThanOrEqual(START + 60_000);
    expect(performance.now() - realStart).toBeLessThan(5_000);
  });

  it("charges an owner's CPU time, scaled, to its own clock: its next timer waits for it", async () => {
    // Prepare
    const clock = new VirtualClock({ start: START });
    const owner: CpuOwner = {
      name: 'container',
      cpuScale: 10,
      busyUntil: 0,
      cpuMs: 0,
      alive: true,
    };
    let firedAt = 0;
    let done = false;
    const restore = clock.install();

    // Act: 20 ms of CPU, then a timer of 0 ms.
    try {
      clock.schedule(owner, 0, () => {
        const from = process.cpuUsage();
        while ((process.cpuUsage(from).user + process.cpuUsage(from).system) / 1000 < 20) {
          // busy
        }
        setTimeout(() => {
          firedAt = Date.now();
          done = true;
        }, 0);
      });
      await clock.run({ done: () => done, limitMs: 60_000 });
    } finally {
      restore();
    }

    // Assess: at least 20 ms × 10 of simulated time passed before the timer ran.
    expect(owner.cpuMs).toBeGreaterThanOrEqual(20);
    expect(firedAt - START).toBeGreaterThanOrEqual(200);
  });
});
