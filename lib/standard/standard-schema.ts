/**
 * The schema of `ecr-guard.yml`. Every object is strict (a typo such as `immutabilty:` is an
 * error, never a silent default) and every field has a default. The controls' sections come
 * from the control registry, each with its own schema; the rest (alerts, ownership,
 * exemptions, identity, cost, scopes) is the standard's own.
 *
 * @module
 */
import * as z from 'zod';
import { ALL_CONTROLS } from '#lib/controls/exemptions.ts';
import { CONTROL_NAMES, type RegisteredSection, SECTIONS } from '#lib/controls/sections.ts';
import { SEVERITIES } from '#lib/events/guard-event.ts';
import { isCalendarDate } from '#lib/text/calendar-date.ts';
import { deepMerge } from '#lib/text/deep-merge.ts';
import { CostSchema } from './cost.ts';
import { NoticesSchema } from './notices-settings.ts';

/** Repository names are lowercase; `*` is the wildcard. */
const REPOSITORY_PATTERN = /^[a-z0-9._/*-]{1,256}$/;
/** IAM role name characters, plus the `*` wildcard. */
const ROLE_NAME_PATTERN = /^[\w+=,.@*-]{1,64}$/;
/** A scope's name: kebab-case, named in reports and logs. */
const SCOPE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The name reports give the base standard, when no scope matched. */
export const BASE_SCOPE = 'default';

/** What an exemption can exempt from: a control, or `all`. */
export const EXEMPTION_CONTROLS: readonly string[] = [...CONTROL_NAMES, ALL_CONTROLS];

type SectionShape = {
  [S in RegisteredSection as S['key']]: z.ZodPrefault<S['schema']>;
};
type SectionKey = keyof SectionShape;

/** The key in ecr-guard.yml of every control's section, in registry order. */
export const SECTION_KEYS = SECTIONS.map((section) => section.key) as SectionKey[];

const sections = Object.fromEntries(
  SECTIONS.map((section) => [section.key, (section.schema as z.ZodType).prefault({})]),
) as unknown as SectionShape;

const AlertsSchema = z.strictObject({
  minSeverity: z.enum(SEVERITIES).default('HIGH'),
  /**
   * Seconds continuous-scanning findings are gathered before anything is sent (the finding
   * queue's batch window; SQS allows at most 300).
   */
  window: z.number().int('must be a whole number of seconds').min(1).max(300).default(60),
  /** A finding on more images of one team than this in a window: one message for the team. */
  groupAbove: z.number().int('must be a whole number').min(1).default(5),
  /**
   * Images not in use for this many days are meant for the daily digest instead of paging.
   * The digest does not exist yet: until it does, they page, marked "not pulled for N days"
   * and ranked after the images in use.
   */
  quietAfterDays: z.number().int('must be a whole number of days').min(1).default(90),
  /** Only `off` for now: the daily digest is not built yet, and is refused rather than ignored. */
  digest: z
    .enum(['off'], { error: 'only "off": the daily digest is not available yet' })
    .default('off'),
});

const OwnershipSchema = z.strictObject({
  // AWS tag keys are 1–128 characters.
  teamTagKey: z
    .string()
    .min(1, 'must not be empty')
    .max(128, 'at most 128 characters')
    .default('team'),
});

const RepositoryPatternSchema = z
  .string()
  .regex(
    REPOSITORY_PATTERN,
    'must be a repository name pattern: lowercase letters, digits, . _ - / and *',
  );

const ExemptionSchema = z.strictObject({
  pattern: RepositoryPatternSchema,
  controls: z
    .array(z.enum(EXEMPTION_CONTROLS as [string, ...string[]]))
    .min(1, 'must list at least one control'),
  reason: z.string().trim().min(1, 'must say why the repository is exempt'),
  until: z.string().refine(isCalendarDate, 'must be a date YYYY-MM-DD').optional(),
});

const IdentitySchema = z.strictObject({
  roleNames: z
    .array(z.string().regex(ROLE_NAME_PATTERN, 'must be an IAM role name (wildcards allowed)'))
    // Without ecr-guard's own role, drift caused by its remediation would trigger it again.
    .min(1, "must list at least one role name, or ecr-guard's own writes look like drift")
    .default(() => ['ecr-guard-*']),
});

const ScopeMatchSchema = z.strictObject({
  /** Name patterns, any of which may match; omitted: every repository. */
  repositories: z
    .array(RepositoryPatternSchema)
    .min(1, 'must list at least one pattern')
    .optional(),
  /** Repository tags that must all be present with these values. */
  tags: z
    .record(
      z.string().min(1, 'a tag key must not be empty').max(128, 'at most 128 characters'),
      z.string().max(256, 'at most 256 characters'),
    )
    .optional(),
});

/** A scope as written: its sections are overrides, checked once merged over the base. */
const ScopeInputSchema = z.strictObject({
  name: z
    .string()
    .regex(SCOPE_NAME_PATTERN, 'must be lowercase letters, digits and -, at most 63')
    .refine((name) => name !== BASE_SCOPE, `"${BASE_SCOPE}" names the base standard`),
  match: ScopeMatchSchema.prefault({}),
  ...(Object.fromEntries(
    SECTION_KEYS.map((key) => [key, z.record(z.string(), z.unknown()).optional()]),
  ) as { [K in SectionKey]: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>> }),
});

const StandardObjectSchema = z.strictObject({
  /** Format version of the file; only 1 exists. */
  version: z.literal(1).optional(),
  ...sections,
  alerts: AlertsSchema.prefault({}),
  ownership: OwnershipSchema.prefault({}),
  notices: NoticesSchema.prefault({}),
  exemptions: z.array(ExemptionSchema).default(() => []),
  identity: IdentitySchema.prefault({}),
  cost: CostSchema.prefault({}),
  scopes: z.array(ScopeInputSchema).default(() => []),
});

type BaseStandard = Omit<z.output<typeof StandardObjectSchema>, 'version' | 'scopes'>;
/** The controls' sections of the standard. */
export type StandardSections = Pick<BaseStandard, SectionKey>;

/** A scope, resolved: its sections are the base's with its overrides merged in, and valid. */
export interface Scope {
  name: string;
  match: z.output<typeof ScopeMatchSchema>;
  /** The section keys the scope overrides, as written. */
  overrides: SectionKey[];
  /** Every control section as it applies under this scope. */
  sections: StandardSections;
}

/**
 * Merges each scope's overrides over the base sections, field by field (objects merged,
 * lists and values replaced), and validates the result with the section's own schema, so a
 * scope's lifecycle policy gets ECR's rules too; issues carry the scope's path.
 */
function resolveScopes(
  base: BaseStandard,
  scopes: z.output<typeof ScopeInputSchema>[],
  ctx: z.core.$RefinementCtx,
): Scope[] {
  return scopes.map((scope, index) => {
    const resolved = { ...pickSections(base) } as Record<string, unknown>;
    const overrides: SectionKey[] = [];
    for (const section of SECTIONS) {
      const key = section.key as SectionKey;
      const override = scope[key];
      if (override === undefined) continue;
      overrides.push(key);
      const merged = deepMerge(base[key], override);
      const result = (section.schema as z.ZodType).safeParse(merged, {
        reportInput: true,
      });
      if (result.success) {
        resolved[key] = result.data;
        continue;
      }
      for (const issue of result.error.issues) {
        ctx.issues.push({ ...issue, path: ['scopes', index, key, ...issue.path] } as never);
      }
    }
    return {
      name: scope.name,
      match: scope.match,
      overrides,
      sections: resolved as StandardSections,
    };
  });
}

function pickSections(standard: BaseStandard): StandardSections {
  return Object.fromEntries(
    SECTION_KEYS.map((key) => [key, standard[key]]),
  ) as unknown as StandardSections;
}

/**
 * The schema of `ecr-guard.yml` (the parsed YAML), with every default applied. Its output is
 * the effective {@link Standard}; `version` is checked and then dropped, and scopes come out
 * resolved.
 */
export const StandardSchema = StandardObjectSchema.transform(
  ({ version: _version, scopes, ...standard }, ctx) => ({
    ...standard,
    scopes: resolveScopes(standard, scopes, ctx),
  }),
);

/** The effective standard: `ecr-guard.yml` with every default applied. */
export type Standard = z.output<typeof StandardSchema>;
export type Exemption = Standard['exemptions'][number];
export type ExemptionControl = Exemption['controls'][number];
