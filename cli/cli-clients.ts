import { type ClientFactory, createAccountAccess, createClientFactory } from '#lib/aws/index.ts';
import { EnvironmentError, readEnvironment } from '#lib/config/environment.ts';
import { CliError, type CliIo } from './io.ts';

/**
 * The AWS clients `handle` acts with. As a function does when the environment says where it
 * runs (`ECR_GUARD_ACCOUNT_ID`, `ECR_GUARD_ALLOWED_ACCOUNTS`): in the event's account through
 * its member role, the central account with the caller's own credentials. Without those
 * variables, every call is made with the caller's credentials.
 *
 * @example
 * ```ts
 * const clients = cliClients(io, 'ecr-guard-handle');
 * ```
 */
export function cliClients(io: CliIo, sessionName: string): ClientFactory {
  if (io.env.ECR_GUARD_ACCOUNT_ID === undefined || io.env.ECR_GUARD_ACCOUNT_ID === '') {
    return createClientFactory();
  }
  try {
    const environment = readEnvironment(io.env);
    return createAccountAccess({
      crossAccount: environment.crossAccount,
      region: environment.region,
      sessionName,
    }).clients;
  } catch (error) {
    if (error instanceof EnvironmentError) throw new CliError(error.message, { cause: error });
    throw error;
  }
}
