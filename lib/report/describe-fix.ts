import type { Remediation } from '#lib/controls/index.ts';
import type { RepositoryEvidence } from '#lib/enforcement/index.ts';
import { unifiedDiff } from './line-diff.ts';
import type { ReportFix } from './sweep-report-schema.ts';

/**
 * A remediation's field and the field of the repository's state it replaces, where the
 * names differ (by convention a remediation names its fields as the state does).
 */
const STATE_FIELD: Readonly<Record<string, string>> = { scanning: 'registryScanning' };

/** Fields that say where a write goes, not what it writes. */
const ADDRESS_FIELDS = new Set(['action', 'repositoryName']);

/** A JSON object, parsed, when `value` is one (a policy's text), else `undefined`. */
function asDocument(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
  if (typeof value !== 'string' || !/^\s*\{/.test(value)) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function pretty(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function changeOf(field: string, current: unknown, value: unknown, hasCurrent: boolean): string {
  const after = asDocument(value);
  if (after !== undefined) {
    const before = hasCurrent ? asDocument(current) : undefined;
    const diff = unifiedDiff(
      before === undefined ? '' : pretty(before),
      pretty(after),
      hasCurrent ? `${field} (current)` : `${field} (none)`,
      `${field} (written)`,
    );
    return diff === '' ? `${field}: unchanged` : diff;
  }
  const was = hasCurrent ? JSON.stringify(current) : '(none)';
  return `${field}: ${was} → ${JSON.stringify(value)}`;
}

/**
 * One write as a report shows it: the exact values, the ones they replace (read from the
 * repository's state), and the change in words; a policy document as a unified diff.
 * Generic over remediations: every field but the address is a value written.
 *
 * @example
 * ```ts
 * describeFix({ action: 'ecr:PutImageScanningConfiguration', repositoryName: 'app', scanOnPush: true }, state);
 * // { action: 'ecr:PutImageScanningConfiguration', values: { scanOnPush: true },
 * //   current: { scanOnPush: false }, change: 'scanOnPush: false → true' }
 * ```
 */
export function describeFix(write: Remediation, state: RepositoryEvidence | undefined): ReportFix {
  const values: Record<string, unknown> = {};
  const current: Record<string, unknown> = {};
  const changes: string[] = [];
  const known: Readonly<Record<string, unknown>> = state === undefined ? {} : { ...state };
  for (const [field, value] of Object.entries(write)) {
    if (ADDRESS_FIELDS.has(field)) continue;
    values[field] = value;
    const stateField = STATE_FIELD[field] ?? field;
    const before = known[stateField];
    const hasCurrent = before !== undefined;
    if (hasCurrent) current[field] = before;
    changes.push(changeOf(field, before, value, hasCurrent));
  }
  return { action: write.action, values, current, change: changes.join('\n') };
}
