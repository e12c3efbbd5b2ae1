/** Base of the errors of the Security Hub import. */
export class SecurityHubError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SecurityHubError';
  }
}

/** Security Hub refused some findings of a `BatchImportFindings` call (`FailedFindings`). */
export class FindingsRefusedError extends SecurityHubError {
  /** `Id: ErrorCode ErrorMessage` of each refused finding. */
  readonly refused: string[];

  constructor(refused: string[], options?: ErrorOptions) {
    super(
      `Security Hub refused ${refused.length} finding(s): ${refused.slice(0, 5).join('; ')}${refused.length > 5 ? '; …' : ''}`,
      options,
    );
    this.name = 'FindingsRefusedError';
    this.refused = refused;
  }
}

/** A finding would exceed Security Hub's 240 KB limit even after its texts were shortened. */
export class FindingTooLargeError extends SecurityHubError {
  readonly findingId: string;

  constructor(findingId: string, bytes: number, options?: ErrorOptions) {
    super(`finding ${findingId} is ${bytes} bytes, over Security Hub's 240 KB limit`, options);
    this.name = 'FindingTooLargeError';
    this.findingId = findingId;
  }
}
