import { describe, expect, it } from 'vitest';
import { InvalidFindingsResponseError, scanResultFromSavedResponse } from '#lib/findings/index.ts';
import {
  BASIC_SCAN_FINDINGS,
  ENHANCED_SCAN_FINDINGS,
  INSPECTOR_LIST_FINDINGS,
  loadAwsResponse,
} from '../../../harness/aws-response-fixtures.ts';

describe('Function: scanResultFromSavedResponse', () => {
  it('reads a saved DescribeImageScanFindings response (basic)', () => {
    // Act
    const scan = scanResultFromSavedResponse(loadAwsResponse(BASIC_SCAN_FINDINGS), 'basic');

    // Assess
    expect(scan).toMatchObject({
      status: 'complete',
      findings: [{ id: 'CVE-2019-5188', severity: 'MEDIUM' }],
    });
  });

  it('reads a saved DescribeImageScanFindings response with enhanced findings', () => {
    // Act
    const scan = scanResultFromSavedResponse(loadAwsResponse(ENHANCED_SCAN_FINDINGS), 'basic');

    // Assess
    expect(scan).toMatchObject({
      status: 'complete',
      pushedAt: '2025-05-27T17:53:50.554Z',
      findings: [{ id: 'CVE-2022-49043', severity: 'HIGH' }],
    });
  });

  it('reads a placebo recording of ListFindings, one finding per vulnerable package', () => {
    // Act
    const scan = scanResultFromSavedResponse(loadAwsResponse(INSPECTOR_LIST_FINDINGS), 'enhanced');

    // Assess (4 findings; CVE-2023-32611 hits two packages)
    expect(scan.status === 'complete' && scan.findings.map((f) => f.packageName)).toEqual([
      'libelf1',
      'linux-image-aws',
      'linux-image-aws',
      'libglib2.0-bin',
      'libglib2.0-0',
    ]);
  });

  it('reads an array of pages', () => {
    // Prepare
    const pages = [loadAwsResponse(BASIC_SCAN_FINDINGS), loadAwsResponse(ENHANCED_SCAN_FINDINGS)];

    // Act
    const scan = scanResultFromSavedResponse(pages, 'basic');

    // Assess
    expect(scan.status === 'complete' && scan.findings.map((f) => f.id)).toEqual([
      'CVE-2019-5188',
      'CVE-2022-49043',
    ]);
  });

  it('refuses a file of another shape, naming the field', () => {
    expect(() => scanResultFromSavedResponse({ findings: 'none' }, 'enhanced')).toThrow(
      InvalidFindingsResponseError,
    );
    expect(() => scanResultFromSavedResponse({ findings: 'none' }, 'enhanced')).toThrow(/findings/);
  });
});
