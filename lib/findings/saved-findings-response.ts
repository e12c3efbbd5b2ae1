/**
 * Saved `DescribeImageScanFindings` and `inspector2:ListFindings` responses, read without AWS
 * (for `ecr-guard render-alert --findings`).
 *
 * @module
 */
import * as z from 'zod';
import { InvalidFindingsResponseError } from './errors.ts';
import type { Finding, Scanner, ScanResult } from './finding.ts';
import { fromBasicFinding } from './from-basic-finding.ts';
import { fromInspectorFinding, pushedAtOf } from './from-inspector-finding.ts';
import { READABLE_SCAN_STATUSES } from './read-basic-scan-findings.ts';

/** An optional field that may also be `null` in saved JSON; read as absent. */
function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? undefined);
}

const text = optional(z.string());
const number = optional(z.number());

const BasicFindingSchema = z.looseObject({
  name: text,
  description: text,
  uri: text,
  severity: text,
  attributes: optional(z.array(z.looseObject({ key: text, value: text }))),
});

const InspectorFindingSchema = z.looseObject({
  findingArn: text,
  title: text,
  severity: text,
  score: number,
  inspectorScore: number,
  packageVulnerabilityDetails: optional(
    z.looseObject({
      vulnerabilityId: text,
      vendorSeverity: text,
      sourceUrl: text,
      referenceUrls: optional(z.array(z.string())),
      cvss: optional(z.array(z.looseObject({ baseScore: number }))),
      vulnerablePackages: optional(
        z.array(
          z.looseObject({
            name: text,
            version: text,
            release: text,
            epoch: number,
            fixedInVersion: text,
          }),
        ),
      ),
    }),
  ),
  resources: optional(
    z.array(
      z.looseObject({
        details: optional(
          z.looseObject({
            awsEcrContainerImage: optional(z.looseObject({ pushedAt: z.unknown() })),
          }),
        ),
      }),
    ),
  ),
});

const DescribeImageScanFindingsSchema = z.looseObject({
  imageScanStatus: optional(z.looseObject({ status: text, description: text })),
  imageScanFindings: z.looseObject({
    findings: optional(z.array(BasicFindingSchema)),
    enhancedFindings: optional(z.array(InspectorFindingSchema)),
  }),
});

const ListFindingsSchema = z.looseObject({ findings: z.array(InspectorFindingSchema) });

type Page =
  | { kind: 'ecr'; response: z.output<typeof DescribeImageScanFindingsSchema> }
  | { kind: 'inspector'; response: z.output<typeof ListFindingsSchema> };

/** A placebo recording: `{ "status_code": 200, "data": <the response> }`. */
function unwrapRecording(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'status_code' in value && 'data' in value) {
    return value.data;
  }
  return value;
}

function parsePage(value: unknown, index: number | undefined): Page {
  const response = unwrapRecording(value);
  if (typeof response === 'object' && response !== null && 'imageScanFindings' in response) {
    const parsed = DescribeImageScanFindingsSchema.safeParse(response);
    if (parsed.success) return { kind: 'ecr', response: parsed.data };
    throw invalidPage(parsed.error, index);
  }
  const parsed = ListFindingsSchema.safeParse(response);
  if (parsed.success) return { kind: 'inspector', response: parsed.data };
  throw invalidPage(parsed.error, index);
}

function invalidPage(error: z.ZodError, index: number | undefined): InvalidFindingsResponseError {
  const where = index === undefined ? '' : `[${index}]`;
  return new InvalidFindingsResponseError(
    error.issues.map(
      (issue) => `${where}${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
    ),
    { cause: error },
  );
}

/**
 * Reads a saved findings response: one page, or an array of pages, of
 * `DescribeImageScanFindings` (basic scanning) or `inspector2:ListFindings` (enhanced), raw or
 * as a placebo recording. The same mapping as the live readers applies.
 *
 * @param json - the parsed JSON of the file
 * @param scanner - which scanner the scan event came from
 * @returns the scan, as the live reader would have returned it
 * @throws InvalidFindingsResponseError naming the fields that do not fit
 *
 * @example
 * ```ts
 * const scan = scanResultFromSavedResponse(JSON.parse(text), 'basic');
 * ```
 */
export function scanResultFromSavedResponse(json: unknown, scanner: Scanner): ScanResult {
  const pages = Array.isArray(json)
    ? json.map((page, index) => parsePage(page, index))
    : [parsePage(json, undefined)];
  const findings: Finding[] = [];
  let pushedAt: string | undefined;
  for (const page of pages) {
    if (page.kind === 'ecr') {
      const { imageScanStatus, imageScanFindings } = page.response;
      const status = imageScanStatus?.status ?? 'COMPLETE';
      if (!READABLE_SCAN_STATUSES.has(status)) {
        const description = imageScanStatus?.description;
        return {
          status: 'not-complete',
          scanner,
          scanStatus: status,
          ...(description === undefined ? {} : { description }),
        };
      }
      for (const finding of imageScanFindings.findings ?? []) {
        findings.push(fromBasicFinding(finding));
      }
      const enhanced = imageScanFindings.enhancedFindings ?? [];
      for (const finding of enhanced) findings.push(...fromInspectorFinding(finding));
      pushedAt ??= pushedAtOf(enhanced);
    } else {
      for (const finding of page.response.findings) findings.push(...fromInspectorFinding(finding));
      pushedAt ??= pushedAtOf(page.response.findings);
    }
  }
  return {
    status: 'complete',
    scanner,
    findings,
    ...(pushedAt === undefined ? {} : { pushedAt }),
  };
}
