/**
 * Errors of reading findings. AWS failures are the `AwsCallError`s of `#lib/aws`.
 *
 * @module
 */

/** Base class of the findings errors. */
export class FindingsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FindingsError';
  }
}

/**
 * A saved findings response (for `ecr-guard render-alert --findings`) is neither a
 * `DescribeImageScanFindings` nor a `ListFindings` response. `issues` name the fields.
 */
export class InvalidFindingsResponseError extends FindingsError {
  readonly issues: readonly string[];

  constructor(issues: readonly string[], options?: ErrorOptions) {
    super(
      `not a DescribeImageScanFindings or ListFindings response: ${issues.join('; ')}`,
      options,
    );
    this.name = 'InvalidFindingsResponseError';
    this.issues = issues;
  }
}
