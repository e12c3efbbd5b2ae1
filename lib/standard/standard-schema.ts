/**
 * The schema of `ecr-guard.yml`. Every object is strict (a typo such as `immutabilty:` is an
 * error, never a silent default) and every field has the default in `default-standard.ts`.
 */
import * as z from 'zod';
import { SEVERITIES, type Severity } from '../events/guard-event.ts';
import { DEFAULT_STANDARD } from './default-standard.ts';
import { type LifecyclePolicy, LifecyclePolicySchema } from './lifecycle-policy.ts';

/** What remediation writes with `PutImageTagMutability`. */
export const IMMUTABILITY_MODES = ['IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION'] as const;
/** `add-if-missing` respects any existing policy; `enforce` requires the standard's. */
export const LIFECYCLE_MODES = ['add-if-missing', 'enforce'] as const;
/** Where ecr-guard learns which images are in use (see `lifecycle.inUseSources`). */
export const IN_USE_SOURCES = ['ecs', 'lambda', 'inspector'] as const;
/** What an exemption can exempt from; `all` means every control. */
export const EXEMPTION_CONTROLS = ['immutability', 'lifecycle', 'scanning', 'all'] as const;

/** ECR's pattern for an image tag mutability exclusion filter (`filterType: WILDCARD`). */
export const EXCLUSION_FILTER_PATTERN = /^[0-9a-zA-Z._*-]{1,128}$/;
/** ECR accepts 1–5 exclusion filters on a repository. */
export const MIN_EXCLUSION_FILTERS = 1;
export const MAX_EXCLUSION_FILTERS = 5;

/** Repository names are lowercase; `*` is the wildcard. */
const REPOSITORY_PATTERN = /^[a-z0-9._/*-]{1,256}$/;
/** IAM role name characters, plus the `*` wildcard. */
const ROLE_NAME_PATTERN = /^[\w+=,.@*-]{1,64}$/;
const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

// Every default is read from DEFAULT_STANDARD, through functions with declared return types:
// DEFAULT_STANDARD's own type is this schema's output, and TypeScript must not need one to
// infer the other. Functions also hand each parse a fresh copy of the (frozen) defaults.
const defaults = {
  immutabilityMode: (): (typeof IMMUTABILITY_MODES)[number] => DEFAULT_STANDARD.immutability.mode,
  exclusions: (): string[] => [...DEFAULT_STANDARD.immutability.exclusions],
  exemptPullThroughCache: (): boolean => DEFAULT_STANDARD.immutability.exemptPullThroughCache,
  lifecycleMode: (): (typeof LIFECYCLE_MODES)[number] => DEFAULT_STANDARD.lifecycle.mode,
  lifecyclePolicy: (): LifecyclePolicy => structuredClone(DEFAULT_STANDARD.lifecycle.policy),
  protectInUse: (): boolean => DEFAULT_STANDARD.lifecycle.protectInUse,
  inUseWindowDays: (): number => DEFAULT_STANDARD.lifecycle.inUseWindowDays,
  inUseSources: (): Array<(typeof IN_USE_SOURCES)[number]> => [
    ...DEFAULT_STANDARD.lifecycle.inUseSources,
  ],
  auditImages: (): boolean => DEFAULT_STANDARD.lifecycle.auditImages,
  scannerRoleArns: (): string[] => [...DEFAULT_STANDARD.lifecycle.scannerRoleArns],
  storagePrice: (): number => DEFAULT_STANDARD.cost.storagePricePerGbMonth,
  currency: (): string => DEFAULT_STANDARD.cost.currency,
  regionPrices: (): Record<string, number> => ({ ...DEFAULT_STANDARD.cost.regionPrices }),
  manageRegistry: (): boolean => DEFAULT_STANDARD.scanning.manageRegistry,
  minSeverity: (): Severity => DEFAULT_STANDARD.alerts.minSeverity,
  teamTagKey: (): string => DEFAULT_STANDARD.ownership.teamTagKey,
  roleNames: (): string[] => [...DEFAULT_STANDARD.identity.roleNames],
};

const ImmutabilitySchema = z
  .strictObject({
    mode: z.enum(IMMUTABILITY_MODES).default(defaults.immutabilityMode),
    exclusions: z
      .array(
        z.string().regex(EXCLUSION_FILTER_PATTERN, `must match ${EXCLUSION_FILTER_PATTERN.source}`),
      )
      .default(defaults.exclusions),
    exemptPullThroughCache: z.boolean().default(defaults.exemptPullThroughCache),
  })
  .superRefine((immutability, ctx) => {
    const { mode, exclusions } = immutability;
    // In IMMUTABLE mode nothing is written, the list only says which filters a repository
    // may already have and still count as compliant, so ECR's 1–5 does not apply.
    if (
      mode === 'IMMUTABLE_WITH_EXCLUSION' &&
      (exclusions.length < MIN_EXCLUSION_FILTERS || exclusions.length > MAX_EXCLUSION_FILTERS)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['exclusions'],
        message: `${MIN_EXCLUSION_FILTERS}–${MAX_EXCLUSION_FILTERS} filters required with mode IMMUTABLE_WITH_EXCLUSION (found ${exclusions.length})`,
      });
    }
    exclusions.forEach((filter, index) => {
      if (exclusions.indexOf(filter) !== index) {
        ctx.addIssue({ code: 'custom', path: ['exclusions', index], message: 'duplicate filter' });
      }
    });
  });

/** The IAM role ARN pattern of `RegisterPullTimeUpdateExclusion`'s `principalArn`. */
const PRINCIPAL_ARN_PATTERN =
  /^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)\/[\w+=,.@-]+(\/[\w+=,.@-]+)*$/;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

const LifecycleSchema = z.strictObject({
  mode: z.enum(LIFECYCLE_MODES).default(defaults.lifecycleMode),
  policy: LifecyclePolicySchema.default(defaults.lifecyclePolicy),
  protectInUse: z.boolean().default(defaults.protectInUse),
  inUseWindowDays: z
    .int({ error: 'must be a whole number of days' })
    .min(1, 'must be at least 1 day')
    .max(365, 'at most 365 days')
    .default(defaults.inUseWindowDays),
  inUseSources: z
    .array(z.enum(IN_USE_SOURCES))
    .refine((sources) => new Set(sources).size === sources.length, 'lists a source twice')
    .default(defaults.inUseSources),
  auditImages: z.boolean().default(defaults.auditImages),
  scannerRoleArns: z
    .array(z.string().regex(PRINCIPAL_ARN_PATTERN, 'must be an IAM role or user ARN'))
    .default(defaults.scannerRoleArns),
});

const CostSchema = z.strictObject({
  storagePricePerGbMonth: z
    .number({ error: 'must be a number' })
    .nonnegative('must not be negative')
    .default(defaults.storagePrice),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter currency code (EUR, USD, …)')
    .default(defaults.currency),
  regionPrices: z
    .record(
      z.string().regex(REGION_PATTERN, 'must be an AWS region name'),
      z.number({ error: 'must be a number' }).nonnegative('must not be negative'),
    )
    .default(defaults.regionPrices),
});

const ScanningSchema = z.strictObject({
  manageRegistry: z.boolean().default(defaults.manageRegistry),
});

const AlertsSchema = z.strictObject({
  minSeverity: z.enum(SEVERITIES).default(defaults.minSeverity),
});

const OwnershipSchema = z.strictObject({
  // AWS tag keys are 1–128 characters.
  teamTagKey: z
    .string()
    .min(1, 'must not be empty')
    .max(128, 'at most 128 characters')
    .default(defaults.teamTagKey),
});

const ExemptionSchema = z.strictObject({
  pattern: z
    .string()
    .regex(
      REPOSITORY_PATTERN,
      'must be a repository name pattern: lowercase letters, digits, . _ - / and *',
    ),
  controls: z.array(z.enum(EXEMPTION_CONTROLS)).min(1, 'must list at least one control'),
  reason: z.string().trim().min(1, 'must say why the repository is exempt'),
  until: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD').optional(),
});

const IdentitySchema = z.strictObject({
  roleNames: z
    .array(z.string().regex(ROLE_NAME_PATTERN, 'must be an IAM role name (wildcards allowed)'))
    // Without ecr-guard's own role, drift caused by its remediation would trigger it again.
    .min(1, "must list at least one role name, or ecr-guard's own writes look like drift")
    .default(defaults.roleNames),
});

const StandardObjectSchema = z.strictObject({
  /** Format version of the file; only 1 exists. */
  version: z.literal(1).optional(),
  immutability: ImmutabilitySchema.prefault({}),
  lifecycle: LifecycleSchema.prefault({}),
  scanning: ScanningSchema.prefault({}),
  alerts: AlertsSchema.prefault({}),
  ownership: OwnershipSchema.prefault({}),
  exemptions: z.array(ExemptionSchema).default(() => []),
  identity: IdentitySchema.prefault({}),
  cost: CostSchema.prefault({}),
});

/**
 * The schema of `ecr-guard.yml` (the parsed YAML), with every default applied. Its output is
 * the effective {@link Standard}; `version` is checked and then dropped.
 */
export const StandardSchema = StandardObjectSchema.transform(
  ({ version: _version, ...standard }) => standard,
);

/** The effective standard: `ecr-guard.yml` with every default applied. */
export type Standard = z.output<typeof StandardSchema>;
export type ImmutabilityMode = Standard['immutability']['mode'];
export type LifecycleMode = Standard['lifecycle']['mode'];
export type InUseSourceName = (typeof IN_USE_SOURCES)[number];
export type CostSettings = Standard['cost'];
export type Exemption = Standard['exemptions'][number];
export type ExemptionControl = Exemption['controls'][number];

/** A real calendar date written YYYY-MM-DD (2025-02-30 is refused). */
function isIsoDate(value: string): boolean {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) {
    return false;
  }
  const [, year, month, day] = match.map(Number);
  if (year === undefined || month === undefined || day === undefined) {
    return false;
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}
