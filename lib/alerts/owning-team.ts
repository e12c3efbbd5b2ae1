/**
 * The team that owns a repository, for routing its alerts.
 *
 * @module
 */

/** The team of a repository without a team tag: alerts go to the default route. */
export const UNOWNED_TEAM = 'unowned';

/**
 * Reads the owning team from the repository's tags.
 *
 * @param tags - the repository's tags (`ecr:ListTagsForResource`)
 * @param teamTagKey - `ownership.teamTagKey` of the standard
 * @returns the tag's value, trimmed and in Unicode NFC (one spelling per team, whatever
 *   tool wrote the tag), or {@link UNOWNED_TEAM} when it is absent or blank
 *
 * @example
 * ```ts
 * owningTeam({ team: 'payments' }, 'team'); // 'payments'
 * owningTeam({}, 'team'); // 'unowned'
 * ```
 */
export function owningTeam(tags: Readonly<Record<string, string>>, teamTagKey: string): string {
  const value = Object.hasOwn(tags, teamTagKey)
    ? tags[teamTagKey]?.normalize('NFC').trim()
    : undefined;
  return value === undefined || value === '' ? UNOWNED_TEAM : value;
}
