import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import {
  asffFindings,
  publishToSecurityHub,
  type SecurityHubGateway,
} from '#lib/security-hub/index.ts';
import { A, B, build, denied, finished, repository } from '../report/report-samples.ts';

const NOW = new Date('2026-11-30T03:00:00Z');
const EARLIER = '2026-11-01T03:00:00.000Z';

/** A Security Hub of one account and region, in memory: findings by id. */
function fakeHub(existing: AwsSecurityFinding[] = []): SecurityHubGateway & {
  findings: Map<string, AwsSecurityFinding>;
  imports: number;
  fail?: Error;
} {
  const findings = new Map(existing.map((f) => [f.Id ?? '', f]));
  return {
    findings,
    imports: 0,
    async activeFindings() {
      return [...findings.values()].filter((f) => f.RecordState !== 'ARCHIVED');
    },
    async importFindings(batch) {
      if (this.fail !== undefined) throw this.fail;
      this.imports += 1;
      for (const f of batch) findings.set(f.Id ?? '', f);
    },
  };
}

describe('Function: publishToSecurityHub', () => {
  it('updates the findings of the same repository and control, keeping when each was first seen', async () => {
    // Prepare
    const report = build([
      repository(A, 'app', ['violation', 'compliant', 'compliant']),
      finished(A, 1),
    ]);
    const before = asffFindings(report, new Date(EARLIER)).map((f) => ({
      ...f,
      CreatedAt: EARLIER,
    }));
    const hub = fakeHub(before);

    // Act
    const [result] = await publishToSecurityHub(report, { hubFor: () => hub, now: () => NOW });

    // Assess
    expect(result).toMatchObject({ outcome: 'published', passed: 2, failed: 1, archived: 0 });
    expect(hub.findings.size).toBe(3);
    expect(
      [...hub.findings.values()].every(
        (f) => f.CreatedAt === EARLIER && f.UpdatedAt === NOW.toISOString(),
      ),
    ).toBe(true);
  });

  it('archives the findings of a repository that is gone, keeping their workflow untouched', async () => {
    // Prepare
    const gone = build([
      repository(A, 'gone', ['compliant', 'compliant', 'compliant']),
      finished(A, 1),
    ]);
    const hub = fakeHub(
      asffFindings(gone, new Date(EARLIER)).map((f) => ({
        ...f,
        Workflow: { Status: 'NOTIFIED' },
      })),
    );
    const report = build([
      repository(A, 'app', ['compliant', 'compliant', 'compliant']),
      finished(A, 1),
    ]);

    // Act
    const [result] = await publishToSecurityHub(report, { hubFor: () => hub, now: () => NOW });

    // Assess
    expect(result).toMatchObject({ outcome: 'published', passed: 3, archived: 3 });
    const archived = [...hub.findings.values()].filter((f) => f.RecordState === 'ARCHIVED');
    expect(archived.map((f) => f.Id)).toEqual(
      ['immutability', 'lifecycle', 'scanning'].map(
        (c) => `ecr-guard/${A.account}/${A.region}/repository/gone/${c}`,
      ),
    );
    expect(
      archived.every((f) => f.Workflow === undefined && f.UpdatedAt === NOW.toISOString()),
    ).toBe(true);
  });

  it('skips an account/region that was not read: nothing archived or changed on a guess', async () => {
    // Prepare
    const hub = fakeHub();
    const report = build([
      repository(A, 'app', ['compliant', 'compliant', 'compliant']),
      finished(A, 1),
      denied(B),
    ]);

    // Act
    const results = await publishToSecurityHub(report, {
      hubFor: (t) => (t.account === B.account ? fakeHub() : hub),
      now: () => NOW,
    });

    // Assess
    expect(results.map((r) => [r.account, r.outcome])).toEqual([
      [A.account, 'published'],
      [B.account, 'skipped'],
    ]);
    expect(results[1]?.reason).toContain('not read: cannot assume role');
  });

  it('reports a target whose import failed, and goes on with the others', async () => {
    // Prepare
    const broken = fakeHub();
    broken.fail = new Error('AccessDeniedException');
    const fine = fakeHub();
    const report = build([
      repository(A, 'a', ['compliant', 'compliant', 'compliant']),
      repository(B, 'b', ['compliant', 'compliant', 'compliant']),
      finished(A, 1),
      finished(B, 1),
    ]);

    // Act
    const results = await publishToSecurityHub(report, {
      hubFor: (t) => (t.account === A.account ? broken : fine),
      now: () => NOW,
    });

    // Assess
    expect(results.map((r) => r.outcome)).toEqual(['failed', 'published']);
    expect(results[0]?.reason).toContain('AccessDeniedException');
    expect(fine.findings.size).toBe(3);
  });
});
