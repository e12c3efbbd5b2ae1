import { describe, expect, it } from 'vitest';
import { fromBasicFinding, fromInspectorFinding, pushedAtOf } from '#lib/findings/index.ts';
import {
  basicFinding,
  enhancedFinding,
  inspectorFindings,
} from '../../../harness/aws-response-fixtures.ts';

describe('Function: fromBasicFinding', () => {
  it('reads the real basic scanning sample', () => {
    // Act
    const finding = fromBasicFinding(basicFinding());

    // Assess
    expect(finding).toEqual({
      id: 'CVE-2019-5188',
      severity: 'MEDIUM',
      title: expect.stringMatching(/^A code execution vulnerability exists/),
      packageName: 'e2fsprogs',
      installedVersion: '1.44.1-1ubuntu1.1',
      score: 4.6,
      link: 'http://people.ubuntu.com/~ubuntu-security/cve/CVE-2019-5188',
    });
  });

  it('keeps a finding with an unknown severity, as UNDEFINED, saying what was reported', () => {
    // Act
    const finding = fromBasicFinding(basicFinding({ severity: 'SEVERE' }));

    // Assess
    expect(finding).toMatchObject({ severity: 'UNDEFINED', reportedSeverity: 'SEVERE' });
  });

  it('prefers the CVSS3 score when both are given', () => {
    // Prepare
    const input = basicFinding({
      attributes: [
        { key: 'CVSS2_SCORE', value: '4.6' },
        { key: 'CVSS3_SCORE', value: '7.8' },
      ],
    });

    // Act
    const finding = fromBasicFinding(input);

    // Assess
    expect(finding.score).toBe(7.8);
  });

  it('links to NVD when the finding has no link of its own', () => {
    // Act
    const finding = fromBasicFinding(basicFinding({ uri: undefined }));

    // Assess
    expect(finding.link).toBe('https://nvd.nist.gov/vuln/detail/CVE-2019-5188');
  });
});

describe('Function: fromInspectorFinding', () => {
  it("reads the real enhanced sample relayed by ECR, without Inspector's NotAvailable fix", () => {
    // Act
    const findings = fromInspectorFinding(enhancedFinding());

    // Assess
    expect(findings).toEqual([
      {
        id: 'CVE-2022-49043',
        severity: 'HIGH',
        title: 'CVE-2022-49043 - libxml2',
        packageName: 'libxml2',
        installedVersion: '2.9.14+dfsg-1.3~deb12u1',
        score: 8.1,
        link: 'https://security-tracker.debian.org/tracker/CVE-2022-49043',
        exploitAvailable: false,
        fixAvailable: false,
      },
    ]);
  });

  it('reads the real inspector2 ListFindings sample, fixed-in version included', () => {
    // Prepare
    const [first] = inspectorFindings();

    // Act
    const findings = fromInspectorFinding(first ?? {});

    // Assess
    expect(findings).toEqual([
      expect.objectContaining({
        id: 'CVE-2019-7149',
        severity: 'MEDIUM',
        packageName: 'libelf1',
        installedVersion: '0.176-1.1build1',
        fixedInVersion: '0:0.176-1.1ubuntu0.1',
        score: 6.5,
      }),
    ]);
  });

  it("ranks an UNTRIAGED finding by its vendor's severity, and says both", () => {
    // Prepare
    const input = enhancedFinding({
      severity: 'UNTRIAGED',
      packageVulnerabilityDetails: {
        ...(enhancedFinding().packageVulnerabilityDetails as object),
        vendorSeverity: 'Important',
      },
    });

    // Act
    const [finding] = fromInspectorFinding(input);

    // Assess
    expect(finding).toMatchObject({
      severity: 'HIGH',
      reportedSeverity: 'UNTRIAGED, vendor: Important',
    });
  });

  it('keeps an UNTRIAGED finding with free-text vendor severity as UNDEFINED', () => {
    // Act (the sample's vendorSeverity is "not yet assigned")
    const [finding] = fromInspectorFinding(enhancedFinding({ severity: 'UNTRIAGED' }));

    // Assess
    expect(finding).toMatchObject({ id: 'CVE-2022-49043', severity: 'UNDEFINED' });
  });

  it('makes one finding per vulnerable package', () => {
    // Prepare
    const details = enhancedFinding().packageVulnerabilityDetails as Record<string, unknown>;
    const input = enhancedFinding({
      packageVulnerabilityDetails: {
        ...details,
        vulnerablePackages: [
          { name: 'libxml2', version: '2.9.14' },
          { name: 'libxml2-utils', version: '2.9.14', fixedInVersion: '2.9.15' },
        ],
      },
    });

    // Act
    const findings = fromInspectorFinding(input);

    // Assess
    expect(findings.map((f) => [f.packageName, f.fixedInVersion])).toEqual([
      ['libxml2', undefined],
      ['libxml2-utils', '2.9.15'],
    ]);
  });
});

describe('Function: pushedAtOf', () => {
  it('reads when the image was pushed from the finding resource', () => {
    expect(pushedAtOf([enhancedFinding()])).toBe('2025-05-27T17:53:50.554Z');
  });

  it('says nothing when no resource is an ECR image', () => {
    expect(pushedAtOf(inspectorFindings())).toBeUndefined();
  });
});
