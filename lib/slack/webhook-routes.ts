/**
 * The team → Slack webhook map kept in Secrets Manager, and routing an alert through it.
 *
 * @module
 */
import { WebhookSecretError } from './errors.ts';

/** The key of the webhook that takes alerts of teams without their own. */
export const DEFAULT_ROUTE = 'default';

/** Where an alert goes: the route's name (a team, or `default`) and its webhook. */
export interface WebhookRoute {
  route: string;
  url: string;
}

/** Route key ({@link routeKey}) → webhook URL. */
export type WebhookRoutes = ReadonlyMap<string, string>;

/**
 * The key a team name is routed by: Unicode NFC (a tag written decomposed, `E` + U+0301,
 * is the same team as `É`), without surrounding spaces, in lower case.
 *
 * @example
 * ```ts
 * routeKey(' Équipe '.normalize('NFD')) === routeKey('équipe'); // true
 * ```
 */
export function routeKey(team: string): string {
  return team.normalize('NFC').trim().toLowerCase();
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function isWebhookUrl(value: string): boolean {
  try {
    const url = new URL(value);
    // Plain http only to this machine (the local sandbox's receiver); Slack is https.
    return (
      url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
    );
  } catch {
    return false;
  }
}

/**
 * Parses the secret: a JSON object from team name to webhook URL, with a `default` entry.
 * Team names are matched without regard to case, Unicode normalization form or surrounding
 * spaces ({@link routeKey}).
 *
 * @param secretId - the secret's id, for error messages
 * @param secretString - the secret's value
 * @returns the routes
 * @throws WebhookSecretError naming the keys at fault (never a URL)
 *
 * @example
 * ```ts
 * parseWebhookRoutes(arn, '{"payments":"https://hooks.slack.com/services/…","default":"https://hooks.slack.com/services/…"}');
 * ```
 */
export function parseWebhookRoutes(secretId: string, secretString: string): WebhookRoutes {
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch {
    // The parser's message quotes the text: it is not passed on.
    throw new WebhookSecretError(secretId, 'is not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new WebhookSecretError(secretId, 'is not a JSON object of team name to webhook URL');
  }
  const routes = new Map<string, string>();
  const bad: string[] = [];
  for (const [team, url] of Object.entries(json)) {
    if (typeof url === 'string' && isWebhookUrl(url)) routes.set(routeKey(team), url);
    else bad.push(team);
  }
  if (bad.length > 0) {
    throw new WebhookSecretError(
      secretId,
      `entries ${bad.map((k) => JSON.stringify(k)).join(', ')} are not https webhook URLs`,
    );
  }
  if (!routes.has(DEFAULT_ROUTE)) {
    throw new WebhookSecretError(secretId, `has no "${DEFAULT_ROUTE}" webhook`);
  }
  return routes;
}

/**
 * The route of a team: its own webhook, else the default one.
 *
 * @example
 * ```ts
 * routeFor(routes, 'Payments'); // { route: 'payments', url: '…' }
 * routeFor(routes, 'unowned'); // { route: 'default', url: '…' }
 * ```
 */
export function routeFor(routes: WebhookRoutes, team: string): WebhookRoute {
  const key = routeKey(team);
  const own = routes.get(key);
  if (own !== undefined) return { route: key, url: own };
  const fallback = routes.get(DEFAULT_ROUTE);
  if (fallback === undefined) throw new RangeError(`no "${DEFAULT_ROUTE}" webhook route`);
  return { route: DEFAULT_ROUTE, url: fallback };
}
