// A failure to get a test host: what is missing and the command that fixes it, printed without a stack trace.
export class HostSetupError extends Error {
  constructor(
    message: string,
    readonly remedy: string,
  ) {
    super(message);
    this.name = 'HostSetupError';
  }
}
