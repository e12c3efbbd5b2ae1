/**
 * Every message ecr-guard publishes on the alerts topic, told apart by `kind`: an image alert
 * (`new`, `update`) or a team alert (`grouped`, `resolved`). Subscribers read any of them
 * with {@link parseAnyAlertMessage} and dispatch on `kind`.
 *
 * @module
 */
import { type Alert, AlertSchema } from './alert-schema.ts';
import { InvalidAlertError } from './errors.ts';
import { TEAM_ALERT_KINDS, type TeamAlert, TeamAlertSchema } from './team-alert-schema.ts';

export type AnyAlert = Alert | TeamAlert;

const TEAM_KINDS: ReadonlySet<string> = new Set(TEAM_ALERT_KINDS);

/**
 * Whether an alert is about many images of a team (`grouped`, `resolved`).
 *
 * @example
 * ```ts
 * if (isTeamAlert(alert)) renderTeamAlert(alert);
 * ```
 */
export function isTeamAlert(alert: AnyAlert): alert is TeamAlert {
  return TEAM_KINDS.has(alert.kind);
}

/**
 * Parses and validates an SNS message body as any ecr-guard alert, by its `kind`.
 *
 * @throws InvalidAlertError when it is not JSON or not an alert of its kind; the issues name
 *   the fields, never their values
 *
 * @example
 * ```ts
 * const alert = parseAnyAlertMessage(record.Sns.Message);
 * ```
 */
export function parseAnyAlertMessage(body: string): AnyAlert {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new InvalidAlertError(['message: not JSON'], { cause: error });
  }
  const kind =
    typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
  const schema = typeof kind === 'string' && TEAM_KINDS.has(kind) ? TeamAlertSchema : AlertSchema;
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new InvalidAlertError(
    parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || 'message'}: ${issue.message}`,
    ),
  );
}
