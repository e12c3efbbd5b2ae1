/** Base of the errors of the sweep: the sweep cannot start as asked. */
export class SweepError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SweepError';
  }
}

/** The accounts or regions to sweep are not valid (a typo in `--accounts`, an unknown region). */
export class InvalidTargetError extends SweepError {
  /** The value refused. */
  readonly value: string;

  constructor(value: string, problem: string, options?: ErrorOptions) {
    super(`${JSON.stringify(value)} ${problem}`, options);
    this.name = 'InvalidTargetError';
    this.value = value;
  }
}

/** The sweep queue refused messages: the scheduled invocation fails and is retried. */
export class SweepQueueError extends SweepError {
  /** `Id: Code Message` of each refused entry. */
  readonly refused: string[];

  constructor(refused: string[], options?: ErrorOptions) {
    super(`SQS refused ${refused.length} sweep message(s): ${refused.join('; ')}`, options);
    this.name = 'SweepQueueError';
    this.refused = refused;
  }
}
