/**
 * The only module that reads `process.env`. Everything else receives these values.
 */

/** A required variable is missing or malformed. */
export class EnvironmentError extends Error {
  readonly variable: string;

  constructor(variable: string, problem: string) {
    super(`environment variable ${variable} ${problem}`);
    this.name = 'EnvironmentError';
    this.variable = variable;
  }
}

export interface Environment {
  /** The region the process runs in (Lambda sets `AWS_REGION`). */
  region: string;
  /** Path of the standard, `ECR_GUARD_CONFIG`, default `ecr-guard.yml` in the working directory. */
  configPath: string | undefined;
  /** An alternative AWS endpoint (the emulator), only for what the SDK does not read itself. */
  endpointUrl: string | undefined;
}

type Source = Readonly<Record<string, string | undefined>>;

function optional(env: Source, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Reads and checks the environment once. Fails fast, naming the variable.
 *
 * @example
 * ```ts
 * const { region } = readEnvironment(); // throws EnvironmentError when AWS_REGION is unset
 * ```
 */
export function readEnvironment(env: Source = process.env): Environment {
  const region = optional(env, 'AWS_REGION') ?? optional(env, 'AWS_DEFAULT_REGION');
  if (region === undefined) throw new EnvironmentError('AWS_REGION', 'is not set');
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new EnvironmentError('AWS_REGION', `is "${region}", which is not an AWS region`);
  }
  return {
    region,
    configPath: optional(env, 'ECR_GUARD_CONFIG'),
    endpointUrl: optional(env, 'AWS_ENDPOINT_URL'),
  };
}
