import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/core/config';
import { CliError, type CliIo } from './io.ts';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Where a region was found, for messages. */
export interface ResolvedRegion {
  region: string;
  /** `AWS_REGION`, `AWS_DEFAULT_REGION`, or `profile NAME (FILE)`. */
  source: string;
}

function fromVariable(env: CliIo['env'], name: string): ResolvedRegion | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : { region: value, source: name };
}

/**
 * The region the CLI acts from when no command option names one: `AWS_REGION`, then
 * `AWS_DEFAULT_REGION` (the AWS CLI's), then the `region` of the profile in use (`AWS_PROFILE`,
 * else `default`) in the shared config file (`AWS_CONFIG_FILE`, else `~/.aws/config`): the
 * order the AWS SDK and CLI look in.
 *
 * @throws {CliError} saying where a region can be given, when none is found or it is malformed.
 * @example
 * ```ts
 * const { region } = await resolveRegion(io.env, 'give --regions');
 * ```
 */
export async function resolveRegion(env: CliIo['env'], orOption: string): Promise<ResolvedRegion> {
  let found = fromVariable(env, 'AWS_REGION') ?? fromVariable(env, 'AWS_DEFAULT_REGION');
  const profile = env.AWS_PROFILE?.trim() || 'default';
  const configFile =
    env.AWS_CONFIG_FILE?.trim() || join(env.HOME?.trim() || homedir(), '.aws', 'config');
  if (found === undefined) {
    const { configFile: profiles } = await loadSharedConfigFiles({
      configFilepath: configFile,
      // Credentials files hold no region; reading it is not needed here.
      filepath: join(configFile, '..', '.ecr-guard-no-credentials-file'),
    });
    const region = profiles[profile]?.region?.trim();
    if (region !== undefined && region !== '') {
      found = { region, source: `profile ${profile} (${configFile})` };
    }
  }
  if (found === undefined) {
    throw new CliError(
      `no AWS region: ${orOption}, set AWS_REGION, or set region in the profile ${profile} of ${configFile} (aws configure set region eu-west-1${profile === 'default' ? '' : ` --profile ${profile}`})`,
    );
  }
  if (!REGION.test(found.region)) {
    throw new CliError(`${found.source} is "${found.region}", which is not an AWS region`);
  }
  return found;
}
