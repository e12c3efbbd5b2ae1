import type { Standard } from './standard-schema.ts';

/** A pattern made of `*` only matches every name. */
function matchesEverything(pattern: string): boolean {
  return /^\*+$/.test(pattern);
}

/**
 * The ways a valid standard switches ecr-guard off, each as a sentence naming the field: a
 * `identity.roleNames` entry that matches every role, or a permanent exemption of every
 * repository from every control. `policy validate` refuses such a standard unless told
 * `--allow-broad`.
 *
 * @example
 * ```ts
 * broadStandardProblems(parseStandard({ identity: { roleNames: ['*'] } }));
 * // ['identity.roleNames[0]: "*" matches every role: …']
 * ```
 */
export function broadStandardProblems(standard: Standard): string[] {
  const problems: string[] = [];
  standard.identity.roleNames.forEach((pattern, index) => {
    if (matchesEverything(pattern)) {
      problems.push(
        `identity.roleNames[${index}]: "${pattern}" matches every role: any role's changes would count as ecr-guard's own and never be enforced`,
      );
    }
  });
  standard.exemptions.forEach((exemption, index) => {
    if (
      matchesEverything(exemption.pattern) &&
      exemption.controls.includes('all') &&
      exemption.until === undefined
    ) {
      problems.push(
        `exemptions[${index}]: pattern "${exemption.pattern}" exempts every repository from all controls, with no until: nothing would ever be enforced`,
      );
    }
  });
  return problems;
}
