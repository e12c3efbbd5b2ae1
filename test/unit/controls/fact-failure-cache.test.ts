import { describe, expect, it } from 'vitest';
import { EcrFactReader, pullThroughCacheFact } from '#lib/controls/index.ts';
import { decide } from '#lib/enforcement/decide.ts';

/** An ECR that answers DescribePullThroughCacheRules with `failures` first, then one rule. */
function ecrFailingWith(failures: Error[]) {
  const calls: string[] = [];
  const client = {
    async send(command: { constructor: { name: string } }): Promise<unknown> {
      calls.push(command.constructor.name);
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      return { pullThroughCacheRules: [{ ecrRepositoryPrefix: 'docker-hub' }] };
    },
  };
  return { client, calls };
}

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

describe('Class: EcrFactReader, a registry fact that reuses its failures (cacheFailures)', () => {
  it('reads again after a failure that may pass (throttling): the next repository tries', async () => {
    // Prepare
    const { client, calls } = ecrFailingWith([awsError('ThrottlingException', 400)]);
    const reader = new EcrFactReader({ client, account: '123456789012', region: 'us-east-1' });

    // Act
    const first = reader.readRegistryFact(pullThroughCacheFact).catch((error: Error) => error);
    const firstResult = await first;
    const second = await reader.readRegistryFact(pullThroughCacheFact);

    // Assess
    expect(firstResult).toBeInstanceOf(Error);
    expect(second).toEqual(['docker-hub']);
    expect(calls).toHaveLength(2);
  });

  it('reuses a refusal (access denied): a registry that refuses refuses every repository', async () => {
    // Prepare
    const { client, calls } = ecrFailingWith([awsError('AccessDeniedException', 400)]);
    const reader = new EcrFactReader({ client, account: '123456789012', region: 'us-east-1' });

    // Act
    const first = await reader.readRegistryFact(pullThroughCacheFact).catch((e: Error) => e);
    const second = await reader.readRegistryFact(pullThroughCacheFact).catch((e: Error) => e);

    // Assess
    expect(first).toBeInstanceOf(Error);
    expect(second).toBe(first);
    expect(calls).toHaveLength(1);
  });
});

describe('Function: decide', () => {
  it('keeps the hook’s word on a report-only control’s violation', () => {
    // Act
    const outcome = decide(
      'naming',
      { compliant: false, reason: '"stuff" does not follow naming.pattern' },
      {
        exemption: undefined,
        dryRun: false,
        holdWrites: 'the pull-through cache rules could not be read',
      },
    );

    // Assess
    expect(outcome).toEqual({
      control: 'naming',
      status: 'violation',
      reason:
        '"stuff" does not follow naming.pattern; the pull-through cache rules could not be read',
      writes: [],
    });
  });
});
