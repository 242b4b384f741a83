import { HarnessError } from '../../core/harness-error.ts';

/** A routing construct nginx cannot reproduce; the config is not generated rather than guessed. */
export class RouterConfigError extends HarnessError {
  declare readonly code: 'LAUNCH_ROUTER_UNSUPPORTED';

  constructor(message: string) {
    super('LAUNCH_ROUTER_UNSUPPORTED', message);
    this.name = 'RouterConfigError';
  }
}
