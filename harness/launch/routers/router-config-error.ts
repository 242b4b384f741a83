/** A routing construct nginx cannot reproduce; the config is not generated rather than guessed. */
export class RouterConfigError extends Error {
  readonly code = 'LAUNCH_ROUTER_UNSUPPORTED';

  constructor(message: string) {
    super(message);
    this.name = 'RouterConfigError';
  }
}
