import { matchesWildcard } from '#lib/text/wildcard.ts';
import { type NamingConfig, placeholdersOf } from './config.ts';

/** One segment a placeholder stands for. */
const SEGMENT = '[a-z0-9]+';
const REGEXP_SPECIALS = /[.*+?^${}()|[\]\\/-]/g;

/** How a repository name reads against the naming pattern. */
export type NameReading =
  | {
      /** The name follows the pattern, under an allowed namespace (or none). */
      follows: true;
      /** The placeholders' values (`{ team: 'payments', app: 'checkout', … }`). */
      segments: Record<string, string>;
      namespace?: string;
    }
  | {
      follows: false;
      /** Why, in words. */
      problem: string;
      /** A name that would follow the pattern, `<placeholder>`s where nothing could be guessed. */
      suggestion: string;
    };

function patternRegExp(pattern: string): RegExp {
  const body = pattern
    .split(/(\{[a-z]+\})/)
    .map((part) => {
      const placeholder = /^\{([a-z]+)\}$/.exec(part)?.[1];
      return placeholder === undefined
        ? part.replace(REGEXP_SPECIALS, '\\$&')
        : `(?<p_${placeholder}>${SEGMENT})`;
    })
    .join('');
  // An optional `namespace/` before the pattern: which namespaces are allowed is judged apart.
  return new RegExp(`^(?:(?<namespace>.+)/)?${body}$`);
}

/** A conforming name made of the name's own words, in the pattern's order. */
function suggest(name: string, pattern: string): string {
  const words = name.split(/[^a-z0-9]+/).filter((w) => w !== '');
  const placeholders = placeholdersOf(pattern);
  const values = placeholders.map((placeholder, index) => {
    if (index === placeholders.length - 1 && words.length > placeholders.length) {
      return words.slice(index).join('');
    }
    return words[index] ?? `<${placeholder}>`;
  });
  let at = 0;
  return pattern.replace(/\{[a-z]+\}/g, () => values[at++] ?? '');
}

/**
 * Reads a repository name against `naming.pattern` and `naming.namespaces`.
 *
 * @example
 * ```ts
 * readName('payments-checkout-api', config); // { follows: true, segments: { team: 'payments', app: 'checkout', component: 'api' } }
 * readName('stuff', config); // { follows: false, problem: '…', suggestion: 'stuff-<app>-<component>' }
 * ```
 */
export function readName(repositoryName: string, config: NamingConfig): NameReading {
  const { pattern, namespaces } = config;
  const match = patternRegExp(pattern).exec(repositoryName);
  if (match === null) {
    const base = repositoryName.slice(repositoryName.lastIndexOf('/') + 1);
    return {
      follows: false,
      problem: `"${repositoryName}" does not follow naming.pattern ${pattern} (each {placeholder} one segment of lowercase letters and digits)`,
      suggestion: suggest(pattern.includes('/') ? repositoryName : base, pattern),
    };
  }
  const groups = match.groups ?? {};
  const segments: Record<string, string> = {};
  for (const placeholder of placeholdersOf(pattern)) {
    const value = groups[`p_${placeholder}`];
    if (value !== undefined) segments[placeholder] = value;
  }
  const namespace = groups.namespace;
  if (namespace !== undefined && !namespaces.some((p) => matchesWildcard(p, namespace))) {
    const allowed =
      namespaces.length === 0 ? 'none is allowed' : `allowed: ${namespaces.join(', ')}`;
    const rest = repositoryName.slice(namespace.length + 1);
    const [first] = namespaces.filter((p) => !p.includes('*'));
    return {
      follows: false,
      problem: `namespace "${namespace}/" is not one naming.namespaces allows (${allowed})`,
      suggestion: first === undefined ? rest : `${first}/${rest}`,
    };
  }
  return { follows: true, segments, ...(namespace === undefined ? {} : { namespace }) };
}

/**
 * The owning team a conforming name tells: its `{team}` segment.
 *
 * @example
 * ```ts
 * teamFromName('payments-checkout-api', config); // 'payments'
 * teamFromName('stuff', config); // undefined
 * ```
 */
export function teamFromName(repositoryName: string, config: NamingConfig): string | undefined {
  const reading = readName(repositoryName, config);
  return reading.follows ? reading.segments.team : undefined;
}
