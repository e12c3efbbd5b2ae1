import type {
  AwsSecurityFinding,
  BatchImportFindingsCommandOutput,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { AccountRegion } from '#lib/aws/index.ts';
import { toAwsCallError } from '#lib/aws/index.ts';
import { defaultProductArn, GENERATOR_PREFIX } from './asff-findings.ts';
import { FindingsRefusedError } from './errors.ts';
import { SECURITY_HUB_LIMITS } from './limits.ts';

/** What the import needs of Security Hub in one account and region. */
export interface SecurityHubGateway {
  /** ecr-guard's ACTIVE findings here (all pages of `GetFindings`). */
  activeFindings(): Promise<AwsSecurityFinding[]>;
  /** Imports (creates or updates) findings, in batches within Security Hub's limits. */
  importFindings(findings: readonly AwsSecurityFinding[]): Promise<void>;
}

/**
 * Splits findings into `BatchImportFindings` batches: at most 100 findings and 6 MB each.
 *
 * @example
 * ```ts
 * batches(findings).map((b) => b.length); // [100, 100, 37]
 * ```
 */
export function batches(findings: readonly AwsSecurityFinding[]): AwsSecurityFinding[][] {
  const out: AwsSecurityFinding[][] = [];
  let current: AwsSecurityFinding[] = [];
  let bytes = 0;
  for (const finding of findings) {
    const size = Buffer.byteLength(JSON.stringify(finding));
    if (
      current.length >= SECURITY_HUB_LIMITS.findingsPerBatch ||
      (current.length > 0 && bytes + size > SECURITY_HUB_LIMITS.bytesPerBatch)
    ) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(finding);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Security Hub of one account and region through the SDK: `GetFindings` filtered to
 * ecr-guard's own ACTIVE findings (and filtered again here, so an endpoint that ignores the
 * filters, as the emulator does, cannot hand back another product's findings), and
 * `BatchImportFindings` in batches. SDK errors become `AwsCallError`s with the operation.
 *
 * @example
 * ```ts
 * const hub = securityHubGateway(clients.client(SecurityHubClient, target), target);
 * await hub.importFindings(findings);
 * ```
 */
export function securityHubGateway(
  client: SecurityHubClient,
  target: AccountRegion,
): SecurityHubGateway {
  const productArn = defaultProductArn(target.account, target.region);
  const where = { account: target.account, region: target.region };
  return {
    async activeFindings(): Promise<AwsSecurityFinding[]> {
      // Loaded on first use: a run without Security Hub never pays for its client's module.
      const { paginateGetFindings } = await import('@aws-sdk/client-securityhub');
      const found: AwsSecurityFinding[] = [];
      try {
        for await (const page of paginateGetFindings(
          { client, pageSize: SECURITY_HUB_LIMITS.findingsPerBatch },
          {
            Filters: {
              ProductArn: [{ Value: productArn, Comparison: 'EQUALS' }],
              GeneratorId: [{ Value: GENERATOR_PREFIX, Comparison: 'PREFIX' }],
              AwsAccountId: [{ Value: target.account, Comparison: 'EQUALS' }],
              Region: [{ Value: target.region, Comparison: 'EQUALS' }],
              RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
            },
          },
        )) {
          for (const finding of page.Findings ?? []) {
            if (
              finding.ProductArn === productArn &&
              finding.GeneratorId?.startsWith(GENERATOR_PREFIX) === true &&
              finding.AwsAccountId === target.account &&
              (finding.Region === undefined || finding.Region === target.region) &&
              finding.RecordState !== 'ARCHIVED'
            ) {
              found.push(finding);
            }
          }
        }
      } catch (error) {
        throw toAwsCallError(error, { operation: 'securityhub:GetFindings', ...where });
      }
      return found;
    },

    async importFindings(findings: readonly AwsSecurityFinding[]): Promise<void> {
      const { BatchImportFindingsCommand } = await import('@aws-sdk/client-securityhub');
      const refused: string[] = [];
      for (const batch of batches(findings)) {
        let out: BatchImportFindingsCommandOutput;
        try {
          out = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
        } catch (error) {
          throw toAwsCallError(error, { operation: 'securityhub:BatchImportFindings', ...where });
        }
        for (const f of out.FailedFindings ?? []) {
          refused.push(`${f.Id ?? '?'}: ${f.ErrorCode ?? ''} ${f.ErrorMessage ?? ''}`.trim());
        }
      }
      if (refused.length > 0) throw new FindingsRefusedError(refused);
    },
  };
}
