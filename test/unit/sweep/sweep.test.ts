import { describe, expect, it } from 'vitest';
import { MemberRoleAssumptionError } from '#lib/aws/index.ts';
import { type SweepEvent, type SweepTarget, sweep } from '#lib/sweep/index.ts';
import {
  compliantRepository,
  FakeRegistry,
  nonCompliantRepository,
} from '../../support/fake-registry.ts';
import { standardOfFirstThreeControls, standardWith } from '../../support/repository-state.ts';

const A: SweepTarget = { account: '111111111111', region: 'eu-west-1' };
const B: SweepTarget = { account: '222222222222', region: 'eu-west-1' };
const NOW = (): Date => new Date('2026-11-29T12:00:00Z');

async function collect(events: AsyncIterable<SweepEvent>): Promise<SweepEvent[]> {
  const all: SweepEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

function registries(...list: FakeRegistry[]): (t: SweepTarget) => FakeRegistry {
  return (t) => {
    const found = list.find((r) => r.account === t.account && r.region === t.region);
    if (found === undefined) throw new Error(`no registry for ${t.account}/${t.region}`);
    return found;
  };
}

function manyRepositories(n: number): Record<string, ReturnType<typeof nonCompliantRepository>> {
  return Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`repo-${i}`, nonCompliantRepository()]),
  );
}

describe('Function: sweep', () => {
  it('reports every repository of every target and remediates only the non-compliant ones', async () => {
    // Prepare
    const a = new FakeRegistry(A.account, A.region, {
      good: compliantRepository(),
      bad: nonCompliantRepository(),
    });
    const b = new FakeRegistry(B.account, B.region, { other: nonCompliantRepository() });

    // Act
    const events = await collect(
      sweep(
        { targets: [A, B], dryRun: false },
        { gatewayFor: registries(a, b), standard: standardWith(), now: NOW },
      ),
    );

    // Assess
    const reports = events.flatMap((e) => (e.type === 'repository' ? [e.report] : []));
    expect(reports.map((r) => r.repositoryName).sort()).toEqual(['bad', 'good', 'other']);
    expect(a.writes.map((w) => 'repositoryName' in w && w.repositoryName)).toEqual([
      'bad',
      'bad',
      'bad',
    ]);
    expect(events.filter((e) => e.type === 'target-finished')).toHaveLength(2);
  });

  it('costs three reads per compliant repository with every control on, and its tags in an audit', async () => {
    // Prepare
    const a = new FakeRegistry(A.account, A.region, {
      'shop-cart-api': compliantRepository(),
      'shop-cart-web': compliantRepository(),
      'shop-cart-worker': compliantRepository(),
    });

    // Act
    await collect(
      sweep(
        { targets: [A], dryRun: true, readTags: 'always' },
        { gatewayFor: registries(a), standard: standardWith(), now: NOW },
      ),
    );

    // Assess: one listing and, once per registry, its scanning configuration, templates and
    // basic scan engine; per repository the lifecycle policy, the repository policy, one page
    // of images (three reads, the budget) and, for the report, the tags; no write.
    const once = [
      'DescribeRepositories',
      'DescribeRepositoryCreationTemplates',
      'GetAccountSetting',
      'GetRegistryScanningConfiguration',
    ];
    expect(a.calls.filter((c) => once.includes(c)).sort()).toEqual(once);
    const perRepository = a.calls.filter((c) => !once.includes(c));
    expect(perRepository.sort()).toEqual(
      ['DescribeImages', 'GetLifecyclePolicy', 'GetRepositoryPolicy', 'ListTagsForResource']
        .flatMap((call) => [call, call, call])
        .sort(),
    );
    expect(a.writes).toEqual([]);
  });

  it('makes no write in a dry run, and plans the same writes', async () => {
    // Prepare
    const a = new FakeRegistry(A.account, A.region, { bad: nonCompliantRepository() });

    // Act
    const events = await collect(
      sweep(
        { targets: [A], dryRun: true },
        { gatewayFor: registries(a), standard: standardWith(), now: NOW },
      ),
    );

    // Assess
    expect(a.writes).toEqual([]);
    const report = events.find((e) => e.type === 'repository');
    expect(
      report?.type === 'repository' && report.report.controls.slice(0, 3).map((c) => c.status),
    ).toEqual(['planned', 'planned', 'planned']);
  });

  it('reports a target whose role cannot be assumed, and sweeps the others fully', async () => {
    // Prepare
    const a = new FakeRegistry(A.account, A.region, manyRepositories(5));
    const b = new FakeRegistry(B.account, B.region, manyRepositories(5));
    b.listError = new MemberRoleAssumptionError(
      {
        account: B.account,
        roleArn: `arn:aws:iam::${B.account}:role/ecr-guard-remediation`,
        retryable: false,
      },
      {
        cause: Object.assign(new Error('not authorized to perform sts:AssumeRole'), {
          name: 'AccessDenied',
        }),
      },
    );

    // Act
    const events = await collect(
      sweep(
        { targets: [B, A], dryRun: false },
        { gatewayFor: registries(a, b), standard: standardWith(), now: NOW },
      ),
    );

    // Assess
    expect(events.find((e) => e.type === 'target-failed')).toMatchObject({
      target: B,
      retryable: false,
      reason: expect.stringContaining(
        `cannot assume role arn:aws:iam::${B.account}:role/ecr-guard-remediation`,
      ),
    });
    expect(events.filter((e) => e.type === 'repository')).toHaveLength(5);
    expect(a.writes).toHaveLength(15);
  });

  it('reports a repository that fails, and handles the others', async () => {
    // Prepare
    const a = new FakeRegistry(A.account, A.region, manyRepositories(3));
    a.failing.add('repo-1');

    // Act
    const events = await collect(
      sweep(
        { targets: [A], dryRun: false },
        { gatewayFor: registries(a), standard: standardWith(), now: NOW },
      ),
    );

    // Assess
    expect(events.filter((e) => e.type === 'repository')).toHaveLength(2);
    expect(events.find((e) => e.type === 'repository-failed')).toMatchObject({
      repositoryName: 'repo-1',
      reason: `ecr:GetLifecyclePolicy failed in ${A.account}/${A.region}: Error: GetLifecyclePolicy failed for repo-1`,
    });
    expect(events.at(-1)).toMatchObject({ type: 'target-finished', repositories: 3 });
  });

  it.each([
    { perTarget: 1, overall: 10, expected: 1 },
    { perTarget: 4, overall: 10, expected: 4 },
    { perTarget: 8, overall: 3, expected: 3 },
  ])(
    'keeps at most $expected repositories in flight in one target (per target $perTarget, overall $overall)',
    async ({ perTarget, overall, expected }) => {
      // Prepare
      const a = new FakeRegistry(A.account, A.region, manyRepositories(20), 2);

      // Act
      await collect(
        sweep(
          { targets: [A], dryRun: true, concurrency: { perTarget, overall } },
          { gatewayFor: registries(a), standard: standardOfFirstThreeControls(), now: NOW },
        ),
      );

      // Assess: a repository has up to two reads in flight at once (policy, registry config).
      const repositoriesInFlight = Math.ceil(a.maxInFlight / 2);
      expect(repositoriesInFlight).toBeLessThanOrEqual(expected);
      expect(a.maxInFlight).toBeGreaterThanOrEqual(expected);
    },
  );

  it('bounds the repositories in flight across targets by the overall limit', async () => {
    // Prepare
    const targets = [A, B, { account: '333333333333', region: 'eu-west-1' }];
    const fakes = targets.map(
      (t) => new FakeRegistry(t.account, t.region, manyRepositories(10), 3),
    );
    let inFlight = 0;
    let most = 0;
    const counting = (fake: FakeRegistry): FakeRegistry => {
      const read = fake.readRepositoryFact.bind(fake);
      fake.readRepositoryFact = async (fact, repository) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          return await read(fact, repository);
        } finally {
          inFlight -= 1;
        }
      };
      return fake;
    };

    // Act
    await collect(
      sweep(
        { targets, dryRun: true, concurrency: { perTarget: 4, overall: 5 } },
        {
          gatewayFor: registries(...fakes.map(counting)),
          standard: standardOfFirstThreeControls(),
          now: NOW,
        },
      ),
    );

    // Assess
    expect(most).toBe(5);
  });

  it('streams each repository as it completes, before the sweep ends', async () => {
    // Prepare
    const a = new FakeRegistry(A.account, A.region, manyRepositories(3), 1);
    const seen: string[] = [];

    // Act
    for await (const event of sweep(
      { targets: [A], dryRun: true },
      { gatewayFor: registries(a), standard: standardWith(), now: NOW },
    )) {
      seen.push(event.type);
    }

    // Assess
    expect(seen[0]).toBe('target-started');
    expect(seen.filter((t) => t === 'repository')).toHaveLength(3);
    expect(seen.at(-1)).toBe('target-finished');
  });

  it('refuses a concurrency below one before it starts', () => {
    expect(() =>
      sweep(
        { targets: [A], dryRun: true, concurrency: { perTarget: 0 } },
        { gatewayFor: registries(), standard: standardWith(), now: NOW },
      ),
    ).toThrow(RangeError);
  });
});

describe('Function: sweep, a part of a larger sweep (pages, budget)', () => {
  /** A budget that has time for `pages` pages of a target, then runs short. */
  function budgetFor(pages: number): { remainingMs: () => number; reserveMs: number } {
    let checks = 0;
    return {
      remainingMs: () => {
        checks += 1;
        return checks <= pages - 1 ? 600_000 : 30_000;
      },
      reserveMs: 60_000,
    };
  }

  function finished(events: SweepEvent[]): Extract<SweepEvent, { type: 'target-finished' }> {
    const event = events.find((e) => e.type === 'target-finished');
    if (event?.type !== 'target-finished') throw new Error('the target did not finish');
    return event;
  }

  it('sweeps a target from its start token on', async () => {
    // Prepare
    const a = new FakeRegistry(A.account, A.region, manyRepositories(250));

    // Act
    const events = await collect(
      sweep(
        { targets: [{ ...A, startToken: 'page@100' }], dryRun: true, pageSize: 100 },
        { gatewayFor: registries(a), standard: standardWith(), now: NOW },
      ),
    );

    // Assess
    expect(a.startTokens).toEqual(['page@100']);
    expect(events.filter((e) => e.type === 'repository')).toHaveLength(150);
    expect(finished(events)).toEqual({
      type: 'target-finished',
      target: A,
      repositories: 150,
    });
  });

  it('stops reading pages when the budget runs short, and says which page to resume at', async () => {
    // Prepare
    const a = new FakeRegistry(A.account, A.region, manyRepositories(350));

    // Act
    const events = await collect(
      sweep(
        { targets: [A], dryRun: false, pageSize: 100, budget: budgetFor(2) },
        { gatewayFor: registries(a), standard: standardWith(), now: NOW },
      ),
    );

    // Assess: two pages swept to their end, the third never read.
    expect(events.filter((e) => e.type === 'repository')).toHaveLength(200);
    expect(a.calls.filter((c) => c === 'DescribeRepositories')).toHaveLength(2);
    expect(finished(events).resume).toEqual({ startToken: 'page@200', progressed: true });
  });

  it('sweeps every page of a target when the budget lasts', async () => {
    // Prepare
    const a = new FakeRegistry(A.account, A.region, manyRepositories(350));

    // Act
    const events = await collect(
      sweep(
        { targets: [A], dryRun: true, pageSize: 100, budget: budgetFor(10) },
        { gatewayFor: registries(a), standard: standardWith(), now: NOW },
      ),
    );

    // Assess
    expect(events.filter((e) => e.type === 'repository')).toHaveLength(350);
    expect(finished(events).resume).toBeUndefined();
  });

  it('stops a target AWS throttles past the retries, to resume at the page that failed', async () => {
    // Prepare
    const a = new FakeRegistry(A.account, A.region, manyRepositories(300));
    a.throttled.add('repo-150');

    // Act
    const events = await collect(
      sweep(
        {
          targets: [A],
          dryRun: true,
          pageSize: 100,
          budget: budgetFor(10),
          concurrency: { perTarget: 1 },
        },
        { gatewayFor: registries(a), standard: standardWith(), now: NOW },
      ),
    );

    // Assess: the first page done; the second from repo-150 on not swept; no third page.
    const failed = events.filter((e) => e.type === 'repository-failed');
    expect(failed).toEqual([
      expect.objectContaining({ repositoryName: 'repo-150', retryable: true }),
    ]);
    expect(events.filter((e) => e.type === 'repository')).toHaveLength(150);
    expect(finished(events).resume).toEqual({
      startToken: 'page@100',
      progressed: true,
      backoff: 'AWS throttled or failed a repository past its retries',
    });
  });

  it('resumes later, from the same page, a target whose listing AWS throttles', async () => {
    // Prepare
    const a = new FakeRegistry(A.account, A.region, manyRepositories(3));
    a.listError = a.throttling();

    // Act
    const events = await collect(
      sweep(
        { targets: [{ ...A, startToken: 'page@0' }], dryRun: true, budget: budgetFor(10) },
        { gatewayFor: registries(a), standard: standardWith(), now: NOW },
      ),
    );

    // Assess
    expect(events.some((e) => e.type === 'target-failed')).toBe(false);
    expect(finished(events).resume).toEqual({
      startToken: 'page@0',
      progressed: false,
      backoff: expect.stringContaining('ThrottlingException'),
    });
  });

  it('fails a target whose listing is throttled when there is no budget to continue in', async () => {
    // Prepare
    const a = new FakeRegistry(A.account, A.region, manyRepositories(3));
    a.listError = a.throttling();

    // Act
    const events = await collect(
      sweep(
        { targets: [A], dryRun: true },
        { gatewayFor: registries(a), standard: standardWith(), now: NOW },
      ),
    );

    // Assess
    expect(events.find((e) => e.type === 'target-failed')).toMatchObject({ retryable: true });
  });
});
