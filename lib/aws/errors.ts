/** Base of every error the AWS adapters raise. */
export class AwsAdapterError extends Error {
  /** The AWS operation that failed, e.g. `ecr:PutLifecyclePolicy`. */
  readonly operation: string;

  constructor(message: string, operation: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AwsAdapterError';
    this.operation = operation;
  }
}

/** The repository does not exist (any more): callers treat it as nothing to do. */
export class RepositoryNotFoundError extends AwsAdapterError {
  readonly repositoryName: string;

  constructor(repositoryName: string, operation: string, options?: ErrorOptions) {
    super(`repository ${repositoryName} does not exist`, operation, options);
    this.name = 'RepositoryNotFoundError';
    this.repositoryName = repositoryName;
  }
}

/**
 * An AWS call failed after the SDK's own retries. `retryable` says whether trying the whole
 * event again later can succeed (throttling, 5xx) — the Lambda then throws so it is retried.
 */
export class AwsCallError extends AwsAdapterError {
  readonly retryable: boolean;
  readonly account: string;
  readonly region: string;

  constructor(
    details: { operation: string; account: string; region: string; retryable: boolean },
    options: ErrorOptions & { cause: unknown },
  ) {
    const cause = options.cause;
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(
      `${details.operation} failed in ${details.account}/${details.region}: ${what}`,
      details.operation,
      options,
    );
    this.name = 'AwsCallError';
    this.retryable = details.retryable;
    this.account = details.account;
    this.region = details.region;
  }
}
