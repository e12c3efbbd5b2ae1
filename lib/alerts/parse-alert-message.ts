/**
 * Reads an alert back from an SNS message body.
 *
 * @module
 */
import { type Alert, AlertSchema } from './alert-schema.ts';
import { InvalidAlertError } from './errors.ts';

/**
 * Parses and validates an SNS message body as an ecr-guard alert.
 *
 * @param body - the SNS `Message`
 * @returns the alert
 * @throws InvalidAlertError when it is not JSON or not an alert; the issues name the fields
 *   (never their values: a message is not trusted to be free of secrets)
 *
 * @example
 * ```ts
 * const alert = parseAlertMessage(record.Sns.Message);
 * ```
 */
export function parseAlertMessage(body: string): Alert {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new InvalidAlertError(['message: not JSON'], { cause: error });
  }
  const parsed = AlertSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new InvalidAlertError(
    parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || 'message'}: ${issue.message}`,
    ),
  );
}
