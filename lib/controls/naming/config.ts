/**
 * The `naming` section of ecr-guard.yml.
 *
 * @module
 */
import * as z from 'zod';

/** `report`: names are judged (a repository cannot be renamed, so never fixed); `off`: not. */
export const NAMING_MODES = ['report', 'off'] as const;
export type NamingMode = (typeof NAMING_MODES)[number];

/**
 * A naming pattern: `{placeholder}`s (each one segment of lowercase letters and digits) and
 * the literal characters ECR allows in a name (`a-z 0-9 . _ - /`).
 */
export const NAME_PATTERN_SYNTAX = /^(?:\{[a-z]+\}|[a-z0-9._/-])+$/;
/** A namespace pattern of `naming.namespaces`: a name prefix, `*` wildcards allowed. */
export const NAMESPACE_PATTERN = /^[a-z0-9._/*-]{1,200}$/;

/** The section's documented defaults (ecr-guard.yml writes each of them out). */
export const NAMING_DEFAULTS = {
  mode: 'report' as NamingMode,
  pattern: '{team}-{app}-{component}',
  namespaces: [] as string[],
  exemptPullThroughCache: true,
};

/** The `{placeholder}`s of a pattern, in order. */
export function placeholdersOf(pattern: string): string[] {
  return [...pattern.matchAll(/\{([a-z]+)\}/g)].map((m) => m[1] ?? '');
}

export const NamingConfigSchema = z
  .strictObject({
    mode: z.enum(NAMING_MODES).default(() => NAMING_DEFAULTS.mode),
    pattern: z
      .string()
      .regex(
        NAME_PATTERN_SYNTAX,
        'must be {placeholder}s (lowercase letters) and the characters a-z 0-9 . _ - /',
      )
      .default(() => NAMING_DEFAULTS.pattern),
    namespaces: z
      .array(
        z
          .string()
          .regex(NAMESPACE_PATTERN, 'must be a name prefix: a-z 0-9 . _ - / and * wildcards'),
      )
      .default(() => [...NAMING_DEFAULTS.namespaces]),
    exemptPullThroughCache: z.boolean().default(() => NAMING_DEFAULTS.exemptPullThroughCache),
  })
  .superRefine(({ pattern }, ctx) => {
    // A pattern of the wrong characters is refused above already, once.
    if (!NAME_PATTERN_SYNTAX.test(pattern)) return;
    const placeholders = placeholdersOf(pattern);
    if (placeholders.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: 'needs at least one {placeholder}',
      });
    }
    placeholders.forEach((name, index) => {
      if (placeholders.indexOf(name) !== index) {
        ctx.addIssue({ code: 'custom', path: ['pattern'], message: `{${name}} appears twice` });
      }
    });
    // `{app}{component}` could split `webshop` anywhere: a literal must separate placeholders.
    if (/\}\{/.test(pattern)) {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: 'two placeholders must be separated by a literal character (- . _ /)',
      });
    }
  });

export type NamingConfig = z.output<typeof NamingConfigSchema>;
