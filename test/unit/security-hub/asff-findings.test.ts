import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_CONTROLS } from '#lib/controls/index.ts';
import {
  asffFindings,
  batches,
  defaultProductArn,
  SECURITY_HUB_LIMITS,
} from '#lib/security-hub/index.ts';
import { A, build, finished, repository, sample } from '../report/report-samples.ts';

const NOW = new Date('2026-11-29T12:00:05Z');

describe('Function: asffFindings', () => {
  it('makes one finding per repository and control, FAILED exactly for the violations', () => {
    // Act
    const findings = asffFindings(sample(), NOW);

    // Assess
    expect(findings).toHaveLength(9);
    expect(
      findings
        .filter((f) => f.Compliance?.Status === 'FAILED')
        .map((f) => f.Id)
        .sort(),
    ).toEqual([
      'ecr-guard/111111111111/eu-west-1/repository/bad|name/immutability',
      'ecr-guard/111111111111/eu-west-1/repository/bad|name/lifecycle',
    ]);
    expect(findings.filter((f) => f.Compliance?.Status === 'PASSED')).toHaveLength(7);
  });

  it('fills every required ASFF field, for the account that owns the repository', () => {
    // Act
    const [finding] = asffFindings(sample(), NOW);

    // Assess
    expect(finding).toMatchObject({
      SchemaVersion: '2018-10-08',
      ProductArn: defaultProductArn(A.account, A.region),
      GeneratorId: 'ecr-guard/immutability',
      AwsAccountId: A.account,
      Types: ['Software and Configuration Checks/AWS Security Best Practices'],
      CreatedAt: NOW.toISOString(),
      UpdatedAt: NOW.toISOString(),
      Severity: { Label: 'MEDIUM' },
      Resources: [
        {
          Type: 'AwsEcrRepository',
          Id: `arn:aws:ecr:eu-west-1:${A.account}:repository/bad|name`,
          Partition: 'aws',
          Region: 'eu-west-1',
        },
      ],
      Compliance: {
        Status: 'FAILED',
        RelatedRequirements: ['AWS FSBP ECR.2', 'AWS Config ecr-private-tag-immutability-enabled'],
      },
      RecordState: 'ACTIVE',
    });
    expect(finding?.Title?.length).toBeLessThanOrEqual(SECURITY_HUB_LIMITS.titleLength);
  });

  it('says NOT_AVAILABLE for a repository that could not be evaluated', () => {
    // Act
    const findings = asffFindings(
      build([
        {
          type: 'repository-failed',
          target: A,
          repositoryName: 'flaky',
          reason: 'ThrottlingException',
          retryable: true,
          error: undefined,
        },
        finished(A, 1),
      ]),
      NOW,
    );

    // Assess
    expect(findings.map((f) => f.Compliance?.Status)).toEqual(
      REPOSITORY_CONTROLS.map(() => 'NOT_AVAILABLE'),
    );
  });

  it('clips a description to 1,024 characters', () => {
    // Prepare
    const long = 'x'.repeat(5000);
    const report = build([
      repository(A, 'a', ['violation', 'compliant', 'compliant'], {
        controls: [{ control: 'immutability', status: 'violation', reason: long, writes: [] }],
      }),
    ]);

    // Act
    const [finding] = asffFindings(report, NOW);

    // Assess
    expect(finding?.Description).toHaveLength(SECURITY_HUB_LIMITS.descriptionLength);
  });
});

describe('Function: batches', () => {
  const base = asffFindings(sample(), NOW)[0];
  const finding = (id: number, bytes = 0): AwsSecurityFinding => {
    if (base === undefined) throw new Error('no finding in the sample');
    return { ...base, Id: String(id), Description: 'x'.repeat(bytes) };
  };

  it('puts at most 100 findings in a batch', () => {
    expect(batches(Array.from({ length: 237 }, (_, i) => finding(i))).map((b) => b.length)).toEqual(
      [100, 100, 37],
    );
  });

  it('keeps each batch under 6 MB', () => {
    // Prepare: 40 findings of 200 KB are 8 MB.
    const big = Array.from({ length: 40 }, (_, i) => finding(i, 200 * 1024));

    // Act
    const split = batches(big);

    // Assess
    expect(split.length).toBe(2);
    for (const batch of split) {
      expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(
        SECURITY_HUB_LIMITS.bytesPerBatch,
      );
    }
  });
});
