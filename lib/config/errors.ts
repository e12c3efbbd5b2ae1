/** A required variable is missing or malformed; `variable` names it. */
export class EnvironmentError extends Error {
  readonly variable: string;

  constructor(variable: string, problem: string, options?: ErrorOptions) {
    super(`environment variable ${variable} ${problem}`, options);
    this.name = 'EnvironmentError';
    this.variable = variable;
  }
}
