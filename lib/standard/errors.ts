/**
 * Errors of the standard (`ecr-guard.yml`). Decide with `instanceof`: a
 * {@link StandardFileError} means the file could not be read as YAML at all, a
 * {@link StandardValidationError} that it was read and breaks a rule.
 */

/** One rule broken by the standard: the field (`lifecycle.policy.rules[2].selection`) and why. */
export interface StandardIssue {
  path: string;
  message: string;
}

/** Base class of every error about the standard. */
export class StandardError extends Error {
  /** The file the standard came from, when known. */
  readonly source?: string;

  constructor(message: string, options?: ErrorOptions & { source?: string }) {
    super(message, options);
    this.name = 'StandardError';
    if (options?.source !== undefined) {
      this.source = options.source;
    }
  }
}

/** The standard was read but breaks one or more rules; `issues` lists every one of them. */
export class StandardValidationError extends StandardError {
  readonly issues: StandardIssue[];

  constructor(issues: StandardIssue[], options?: ErrorOptions & { source?: string }) {
    super(formatValidationMessage(issues, options?.source), options);
    this.name = 'StandardValidationError';
    this.issues = issues;
  }
}

/** The standard file is missing, unreadable, or not YAML. `cause` keeps the underlying error. */
export class StandardFileError extends StandardError {
  /** 1-based position of a YAML syntax error. */
  readonly line?: number;
  readonly column?: number;

  constructor(
    message: string,
    options?: ErrorOptions & { source?: string; line?: number; column?: number },
  ) {
    super(message, options);
    this.name = 'StandardFileError';
    if (options?.line !== undefined) {
      this.line = options.line;
    }
    if (options?.column !== undefined) {
      this.column = options.column;
    }
  }
}

function formatValidationMessage(issues: StandardIssue[], source: string | undefined): string {
  const subject = source === undefined ? 'The standard' : source;
  const count = issues.length === 1 ? '1 issue' : `${issues.length} issues`;
  const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}`);
  return [`${subject} is not a valid ecr-guard standard (${count}):`, ...lines].join('\n');
}
