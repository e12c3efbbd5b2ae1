/**
 * Real AWS API responses (copied unchanged from the shared corpus, see its SOURCES.md), and
 * variants of them for tests that need other findings: every variant starts from a real
 * response and changes only the fields named.
 */
import { readFileSync } from 'node:fs';

/** Where the saved responses live. */
export const AWS_RESPONSE_FIXTURES_DIR = new URL(
  '../test/fixtures/aws-responses/',
  import.meta.url,
);

export const BASIC_SCAN_FINDINGS = 'ecr-describeimagescanfindings-basic.aws-api-reference.json';
export const ENHANCED_SCAN_FINDINGS =
  'ecr-describeimagescanfindings-enhanced.aws-api-reference.json';
/** A placebo recording of inspector2 ListFindings (EC2 resources, same finding shape). */
export const INSPECTOR_LIST_FINDINGS =
  'inspector2-listfindings-ec2-not-ecr.cloud-custodian-placebo.json';

/** The parsed JSON of a saved response. */
export function loadAwsResponse(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, AWS_RESPONSE_FIXTURES_DIR), 'utf8')) as Record<
    string,
    unknown
  >;
}

type Json = Record<string, unknown>;

/** The basic sample's only finding (CVE-2019-5188, MEDIUM, e2fsprogs). */
export function basicFinding(overrides: Json = {}): Json {
  const response = loadAwsResponse(BASIC_SCAN_FINDINGS) as {
    imageScanFindings: { findings: Json[] };
  };
  const [finding] = response.imageScanFindings.findings;
  return { ...finding, ...overrides };
}

/** The enhanced sample's only finding (CVE-2022-49043, HIGH, libxml2). */
export function enhancedFinding(overrides: Json = {}): Json {
  const response = loadAwsResponse(ENHANCED_SCAN_FINDINGS) as {
    imageScanFindings: { enhancedFindings: Json[] };
  };
  const [finding] = response.imageScanFindings.enhancedFindings;
  return { ...finding, ...overrides };
}

/** The inspector2 ListFindings sample's findings (placebo `data.findings`). */
export function inspectorFindings(): Json[] {
  const recording = loadAwsResponse(INSPECTOR_LIST_FINDINGS) as { data: { findings: Json[] } };
  return recording.data.findings;
}

/**
 * A DescribeImageScanFindings response for one image: the basic sample's envelope (status,
 * timestamps) with the given findings.
 *
 * @example
 * ```ts
 * scanFindingsResponse({ repositoryName: 'app', imageDigest, findings: [basicFinding({ severity: 'HIGH' })] });
 * ```
 */
export function scanFindingsResponse(options: {
  repositoryName: string;
  imageDigest: string;
  registryId?: string;
  findings?: Json[];
  enhancedFindings?: Json[];
  status?: string;
  description?: string;
}): Json {
  const base = loadAwsResponse(BASIC_SCAN_FINDINGS) as Json & {
    imageScanFindings: Json;
    imageScanStatus: Json;
  };
  const findings = options.findings ?? [];
  const enhanced = options.enhancedFindings ?? [];
  const counts: Record<string, number> = {};
  for (const f of [...findings, ...enhanced]) {
    const severity = String(f.severity);
    counts[severity] = (counts[severity] ?? 0) + 1;
  }
  return {
    ...base,
    registryId: options.registryId ?? base.registryId,
    repositoryName: options.repositoryName,
    imageId: { imageDigest: options.imageDigest },
    imageScanFindings: {
      ...base.imageScanFindings,
      findings,
      ...(enhanced.length > 0 ? { enhancedFindings: enhanced } : {}),
      findingSeverityCounts: counts,
    },
    imageScanStatus: {
      status: options.status ?? 'COMPLETE',
      description: options.description ?? 'The scan was completed successfully.',
    },
  };
}

const TIMESTAMP_FIELDS = new Set([
  'firstObservedAt',
  'lastObservedAt',
  'updatedAt',
  'pushedAt',
  'lastInUseAt',
  'vendorCreatedAt',
  'vendorUpdatedAt',
]);

/**
 * A finding in the wire form of the REST-JSON APIs (Inspector): timestamps as epoch seconds.
 * The ECR sample writes them as ISO text, which the SDK's Inspector client refuses; moto
 * returns queued findings verbatim, so they must be queued in the wire form.
 */
export function withEpochTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withEpochTimestamps);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      TIMESTAMP_FIELDS.has(key) && typeof field === 'string'
        ? Date.parse(field) / 1000
        : withEpochTimestamps(field),
    ]),
  );
}
