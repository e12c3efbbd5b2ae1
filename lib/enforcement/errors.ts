/** Base of the errors of enforcement: decide with `instanceof`. */
export class EnforcementError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EnforcementError';
  }
}
