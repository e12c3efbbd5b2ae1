import { CredentialsProviderError } from '@smithy/core/config';

/** How to give the CLI credentials, said whenever it has none or they are refused. */
export const CREDENTIALS_HELP = `ecr-guard takes credentials where the AWS CLI and SDKs do:
  a profile      AWS_PROFILE=name (aws configure --profile name), or the default profile
  SSO            aws sso login --profile name, then AWS_PROFILE=name
  environment    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN)
  an emulator    AWS_ENDPOINT_URL=http://127.0.0.1:PORT, with any keys (e.g. test/test)`;

/** Error codes AWS answers when the credentials themselves are refused (not a permission). */
const REFUSED_CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
]);

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 10) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

/**
 * The line the CLI prints for a failure: its message, and for missing or refused credentials,
 * how to provide them (profile, SSO, environment, an emulator's endpoint).
 *
 * @example
 * ```ts
 * io.stderr(`ecr-guard audit: ${describeCliError(error)}\n`);
 * ```
 */
export function describeCliError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const chain = causes(error);
  if (chain.some((e) => e instanceof CredentialsProviderError)) {
    return `no AWS credentials found (${message})\n${CREDENTIALS_HELP}`;
  }
  const refused = chain.find((e) => e instanceof Error && REFUSED_CREDENTIALS.has(e.name));
  if (refused instanceof Error) {
    return `the AWS credentials in use were refused (${refused.name}: ${refused.message})\n${CREDENTIALS_HELP}`;
  }
  return message;
}
