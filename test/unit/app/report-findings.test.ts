import { describe, expect, it } from 'vitest';
import {
  type AlertDedupe,
  type AlertedSet,
  type AlertPublisher,
  type ClaimRequest,
  type ClaimResult,
  mergeAlertedSets,
  newlyAlerted,
  type SnsAlertMessage,
} from '#lib/alerts/index.ts';
import { type FindingsSource, type ReportFindingsDeps, reportFindings } from '#lib/app/index.ts';
import { AwsCallError, RepositoryNotFoundError } from '#lib/aws/index.ts';
import { normalizeEvent, type Severity } from '#lib/events/index.ts';
import type { Finding, ScanCompletedEvent, ScanResult } from '#lib/findings/index.ts';
import { loadEventFixture, withField } from '../../../harness/fixtures.ts';
import { manyFindings, realEnhancedFindings } from '../../support/sample-alerts.ts';

function scanEvent(name: string, counts?: Record<string, number>): ScanCompletedEvent {
  let raw = loadEventFixture(name);
  if (counts !== undefined) raw = withField(raw, ['detail', 'finding-severity-counts'], counts);
  const event = normalizeEvent(raw);
  if (event.kind !== 'basic-scan-completed' && event.kind !== 'enhanced-scan-completed') {
    throw new Error(`${name} is not a scan event`);
  }
  return event;
}

const BASIC = 'ecr-image-scan-complete-with-findings.aws-docs.json';
const ENHANCED_ZERO = 'inspector2-scan-ecr-initial-scan-zero-findings.aws-inspector-docs.json';

class FakeSource implements FindingsSource {
  readonly calls: string[] = [];
  constructor(
    private readonly scan: ScanResult,
    private readonly tags: () => Promise<Record<string, string>> = async () => ({
      team: 'payments',
    }),
  ) {}
  async readScan(): Promise<ScanResult> {
    this.calls.push('readScan');
    return this.scan;
  }
  listRepositoryTags(): Promise<Record<string, string>> {
    this.calls.push('listRepositoryTags');
    return this.tags();
  }
}

/**
 * Dedupe as the table behaves, in memory (concurrency and leases are the DynamoDB adapter's
 * test): a claim changes what was alerted only when it is confirmed.
 */
class FakeDedupe implements AlertDedupe {
  readonly records = new Map<string, { alerted: AlertedSet; generation: number }>();
  releases = 0;
  confirms = 0;
  confirmFailure: Error | undefined;
  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const key = request.subject.imageDigest;
    const previous = this.records.get(key);
    const newKeys =
      previous === undefined
        ? [...request.alerted.keys()].sort()
        : newlyAlerted(previous.alerted, request.alerted);
    if (newKeys.length === 0) return { outcome: 'duplicate', lastAlertedAt: undefined };
    const generation = (previous?.generation ?? 0) + 1;
    return {
      outcome: 'claimed',
      kind: previous === undefined ? 'new' : 'update',
      newKeys,
      generation,
      tookOver: false,
      confirm: async () => {
        if (this.confirmFailure !== undefined) throw this.confirmFailure;
        this.confirms += 1;
        this.records.set(key, {
          alerted:
            previous === undefined
              ? request.alerted
              : mergeAlertedSets(previous.alerted, request.alerted),
          generation,
        });
        return 'confirmed';
      },
      release: async () => {
        this.releases += 1;
      },
    };
  }
}

class FakePublisher implements AlertPublisher {
  readonly messages: SnsAlertMessage[] = [];
  failures = 0;
  async publish(message: SnsAlertMessage): Promise<string> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new AwsCallError(
        { operation: 'sns:Publish', account: '123456789012', region: 'us-east-1', retryable: true },
        { cause: new Error('InternalError') },
      );
    }
    this.messages.push(message);
    return `message-${this.messages.length}`;
  }
}

function setup(
  scan: ScanResult,
  options: {
    minSeverity?: Severity;
    dryRun?: boolean;
    tags?: () => Promise<Record<string, string>>;
  } = {},
) {
  const source = new FakeSource(scan, options.tags);
  const dedupe = new FakeDedupe();
  const publisher = new FakePublisher();
  const targets: string[] = [];
  const deps: ReportFindingsDeps = {
    minSeverity: options.minSeverity ?? 'HIGH',
    teamTagKey: 'team',
    sourceFor: (target) => {
      targets.push(`${target.account}/${target.region}`);
      return source;
    },
    delivery: options.dryRun ? { dryRun: true } : { dryRun: false, dedupe, publisher },
  };
  return { deps, source, dedupe, publisher, targets };
}

function complete(findings: Finding[], scanner: 'basic' | 'enhanced' = 'basic'): ScanResult {
  return { status: 'complete', scanner, findings };
}

describe('Function: reportFindings', () => {
  it('stops without any AWS call when the event counts nothing at or above the threshold', async () => {
    // Prepare
    const { deps, targets } = setup(complete(manyFindings(1)));

    // Act
    const result = await reportFindings(scanEvent(BASIC, { MEDIUM: 9, LOW: 2 }), deps);

    // Assess
    expect(result).toEqual({
      outcome: 'below-threshold',
      reason: 'the scan counts no finding at or above HIGH',
    });
    expect(targets).toEqual([]);
  });

  it('reports a failed basic scan as such, without any AWS call', async () => {
    // Prepare
    const { deps, targets } = setup(complete(manyFindings(1)));
    const event = { ...scanEvent(BASIC), scanStatus: 'FAILED' };

    // Act
    const result = await reportFindings(event, deps);

    // Assess
    expect(result).toEqual({
      outcome: 'scan-not-complete',
      scanner: 'basic',
      scanStatus: 'FAILED',
    });
    expect(targets).toEqual([]);
  });

  it('reads an Inspector scan with zero counts when the threshold is LOW, and alerts', async () => {
    // Prepare
    const { deps, source, publisher } = setup(complete(manyFindings(2, 'LOW'), 'enhanced'), {
      minSeverity: 'LOW',
    });

    // Act
    const result = await reportFindings(scanEvent(ENHANCED_ZERO), deps);

    // Assess
    expect(source.calls).toContain('readScan');
    expect(result.outcome).toBe('published');
    expect(publisher.messages[0]?.subject).toBe('[LOW] inspector2:ubuntu22 - 2 low');
  });

  it('publishes one alert, in the event account, for the owning team', async () => {
    // Prepare
    const { deps, publisher, targets } = setup(
      complete([...realEnhancedFindings(), ...manyFindings(2, 'CRITICAL')]),
    );

    // Act
    const result = await reportFindings(scanEvent(BASIC), deps);

    // Assess
    expect(targets).toEqual(['123456789012/us-east-1']);
    expect(result).toMatchObject({ outcome: 'published', kind: 'new', messageId: 'message-1' });
    expect(publisher.messages).toHaveLength(1);
    expect(publisher.messages[0]?.attributes).toEqual({
      kind: 'new',
      severity: 'CRITICAL',
      account: '123456789012',
      repository: 'my-repository-name',
      team: 'payments',
    });
  });

  it('publishes nothing for the same findings a second time', async () => {
    // Prepare
    const { deps, publisher } = setup(complete(manyFindings(3)));
    await reportFindings(scanEvent(BASIC), deps);

    // Act
    const result = await reportFindings(scanEvent(BASIC), deps);

    // Assess
    expect(result.outcome).toBe('duplicate');
    expect(publisher.messages).toHaveLength(1);
  });

  it('publishes an update naming the new finding', async () => {
    // Prepare
    const first = setup(complete(manyFindings(2)));
    await reportFindings(scanEvent(BASIC), first.deps);
    const rescan = complete([...manyFindings(2), ...realEnhancedFindings()]);
    const deps = { ...first.deps, sourceFor: () => new FakeSource(rescan) };

    // Act
    const result = await reportFindings(scanEvent(BASIC), deps);

    // Assess
    expect(result).toMatchObject({ outcome: 'published', kind: 'update' });
    expect(first.publisher.messages[1]?.subject).toBe(
      '[HIGH] my-repository-name@sha256:7f5b2640fe6f - 1 new: CVE-2022-49043 (3 high)',
    );
  });

  it('gives the claim back when publishing fails, so that the retry publishes', async () => {
    // Prepare
    const { deps, dedupe, publisher } = setup(complete(manyFindings(1)));
    publisher.failures = 1;

    // Act
    const failed = reportFindings(scanEvent(BASIC), deps);
    await expect(failed).rejects.toBeInstanceOf(AwsCallError);
    const retried = await reportFindings(scanEvent(BASIC), deps);

    // Assess
    expect(dedupe.releases).toBe(1);
    expect(retried.outcome).toBe('published');
    expect(publisher.messages).toHaveLength(1);
  });

  it('reports a scan without results as such', async () => {
    // Prepare
    const { deps, publisher } = setup({
      status: 'not-complete',
      scanner: 'basic',
      scanStatus: 'UNSUPPORTED_IMAGE',
      description: 'not supported',
    });

    // Act
    const result = await reportFindings(scanEvent(BASIC), deps);

    // Assess
    expect(result).toEqual({
      outcome: 'scan-not-complete',
      scanner: 'basic',
      scanStatus: 'UNSUPPORTED_IMAGE',
      description: 'not supported',
    });
    expect(publisher.messages).toEqual([]);
  });

  it('says there is nothing to alert when the findings read are all below the threshold', async () => {
    // Prepare
    const { deps, publisher } = setup(complete(manyFindings(2, 'MEDIUM')));

    // Act
    const result = await reportFindings(scanEvent(BASIC), deps);

    // Assess
    expect(result).toMatchObject({ outcome: 'nothing-to-alert', severityCounts: { MEDIUM: 2 } });
    expect(publisher.messages).toEqual([]);
  });

  it('reads no tags for a scan with nothing to alert, so a throttled tag read cannot fail it', async () => {
    // Prepare
    const { deps, source } = setup(complete(manyFindings(2, 'MEDIUM')), {
      tags: () => Promise.reject(new Error('tags must not be read')),
    });

    // Act
    const result = await reportFindings(scanEvent(BASIC), deps);

    // Assess
    expect(result.outcome).toBe('nothing-to-alert');
    expect(source.calls).toEqual(['readScan']);
  });

  it('routes the alert as unowned, with a warning, when the tags cannot be read for good', async () => {
    // Prepare
    const denied = new AwsCallError(
      {
        operation: 'ecr:ListTagsForResource',
        account: '123456789012',
        region: 'us-east-1',
        retryable: false,
      },
      { cause: new Error('AccessDenied') },
    );
    const { deps, publisher } = setup(complete(manyFindings(1)), {
      tags: () => Promise.reject(denied),
    });

    // Act
    const result = await reportFindings(scanEvent(BASIC), deps);

    // Assess
    expect(result.outcome).toBe('published');
    expect(result.warnings).toEqual([expect.stringMatching(/team tag not read/)]);
    expect(publisher.messages[0]?.attributes.team).toBe('unowned');
  });

  it('throws for a retry when reading the tags is throttled', async () => {
    // Prepare
    const throttled = new AwsCallError(
      {
        operation: 'ecr:ListTagsForResource',
        account: '123456789012',
        region: 'us-east-1',
        retryable: true,
      },
      { cause: new Error('ThrottlingException') },
    );
    const { deps, publisher } = setup(complete(manyFindings(1)), {
      tags: () => Promise.reject(throttled),
    });

    // Act / Assess
    await expect(reportFindings(scanEvent(BASIC), deps)).rejects.toBe(throttled);
    expect(publisher.messages).toEqual([]);
  });

  it('reports a repository that is gone', async () => {
    // Prepare
    const gone = new RepositoryNotFoundError('my-repository-name', 'ecr:ListTagsForResource');
    const { deps, publisher } = setup(complete(manyFindings(1)), {
      tags: () => Promise.reject(gone),
    });

    // Act
    const result = await reportFindings(scanEvent(BASIC), deps);

    // Assess
    expect(result).toEqual({
      outcome: 'image-not-found',
      reason: 'repository my-repository-name does not exist',
    });
    expect(publisher.messages).toEqual([]);
  });

  it('plans the alert in a dry run, claiming and publishing nothing', async () => {
    // Prepare
    const { deps, dedupe, publisher } = setup(complete(manyFindings(1)), { dryRun: true });

    // Act
    const result = await reportFindings(scanEvent(BASIC), deps);

    // Assess
    expect(result).toMatchObject({ outcome: 'planned', kind: 'new', alert: { team: 'payments' } });
    expect(dedupe.records.size).toBe(0);
    expect(publisher.messages).toEqual([]);
  });
});
