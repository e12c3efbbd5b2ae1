/**
 * The standard's lifecycle protection fields (the lifecycle section) and its `cost` section
 * (global, like alerts): their defaults, what they accept, and what they refuse, by field.
 */
import { describe, expect, it } from 'vitest';
import { StandardValidationError } from '#lib/standard/errors.ts';
import { parseStandard } from '#lib/standard/load-standard.ts';

function issuesOf(raw: unknown): unknown {
  try {
    parseStandard(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(StandardValidationError);
    return (error as StandardValidationError).issues;
  }
  throw new Error('expected the standard to be refused');
}

describe('Function: parseStandard › lifecycle protection and cost', () => {
  it('accepts every field, and a scope that changes the protection of its repositories', () => {
    // Act
    const standard = parseStandard({
      lifecycle: {
        protectInUse: true,
        inUseWindowDays: 90,
        inUseSources: ['ecs', 'lambda'],
        auditImages: true,
        scannerRoleArns: ['arn:aws:iam::123456789012:role/trivy-scanner'],
      },
      cost: { storagePricePerGbMonth: 0.12, currency: 'USD', regionPrices: { 'sa-east-1': 0.15 } },
      scopes: [
        {
          name: 'sandbox',
          match: { repositories: ['sandbox/*'] },
          lifecycle: { protectInUse: false },
        },
      ],
    });

    // Assess
    expect(standard.lifecycle).toMatchObject({
      inUseWindowDays: 90,
      inUseSources: ['ecs', 'lambda'],
    });
    expect(standard.cost).toEqual({
      storagePricePerGbMonth: 0.12,
      currency: 'USD',
      regionPrices: { 'sa-east-1': 0.15 },
    });
    expect(standard.scopes[0]?.sections.lifecycle).toMatchObject({
      protectInUse: false,
      inUseWindowDays: 90,
    });
  });

  it.each([
    {
      raw: { lifecycle: { inUseWindowDays: 0 } },
      path: 'lifecycle.inUseWindowDays',
      message: 'must be at least 1 day',
    },
    {
      raw: { lifecycle: { inUseWindowDays: 400 } },
      path: 'lifecycle.inUseWindowDays',
      message: 'at most 365 days',
    },
    {
      raw: { lifecycle: { inUseSources: ['ecs', 'ecs'] } },
      path: 'lifecycle.inUseSources',
      message: 'lists a source twice',
    },
    {
      raw: { lifecycle: { scannerRoleArns: ['trivy'] } },
      path: 'lifecycle.scannerRoleArns[0]',
      message: 'must be an IAM role or user ARN',
    },
    {
      raw: { cost: { currency: 'euro' } },
      path: 'cost.currency',
      message: 'must be a three-letter currency code (EUR, USD, …)',
    },
    {
      raw: { cost: { storagePricePerGbMonth: -1 } },
      path: 'cost.storagePricePerGbMonth',
      message: 'must not be negative',
    },
    {
      raw: { cost: { regionPrices: { 'mars-1': 0.1 } } },
      path: 'cost.regionPrices.mars-1',
      message: 'is not an AWS region name',
    },
  ])('refuses $path: $message', ({ raw, path, message }) => {
    // Assess
    expect(issuesOf(raw)).toEqual([expect.objectContaining({ path, message })]);
  });

  it('refuses a scope that changes the cost: it is the same for every repository', () => {
    // Act
    const issues = issuesOf({
      scopes: [{ name: 'cheap', match: { repositories: ['x'] }, cost: { currency: 'USD' } }],
    });

    // Assess
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'scopes[0].cost',
        message: expect.stringMatching(/^unknown key/),
      }),
    ]);
  });
});
