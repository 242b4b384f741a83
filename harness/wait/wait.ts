import { CompositeWaitStrategy } from './composite-wait-strategy.ts';
import { HostPortWaitStrategy } from './host-port-wait-strategy.ts';
import { HttpWaitStrategy } from './http-wait-strategy.ts';
import { LogMessageWaitStrategy } from './log-message-wait-strategy.ts';
import { ProbeWaitStrategy } from './probe-wait-strategy.ts';
import type { WaitStrategy, WaitTarget } from './wait-strategy.ts';

/** Factories for every readiness check the harness uses. */
export const Wait = {
  /** TCP connect succeeds on the given ports (default: all of the target's). */
  forPort: (...ports: number[]) => new HostPortWaitStrategy(ports.length > 0 ? ports : undefined),
  /** The log since this start contains `message` (`times` times). */
  forLogMessage: (message: string | RegExp, times = 1) => new LogMessageWaitStrategy(message, times),
  /** A protocol-level probe succeeds: a real query, handshake or PING; failed or slow attempts are retried. */
  forProbe: (description: string, probe: (target: WaitTarget) => Promise<boolean | void>) =>
    new ProbeWaitStrategy(description, probe),
  /** `GET path` answers below 500, or as `.forStatusCode()` / `.forStatusCodeMatching()` say; `.usingTls()` for HTTPS. */
  forHttp: (path: string, port?: number) => new HttpWaitStrategy(path, port),
  /** All of them, in order, under one deadline (the composite's; the inner strategies' own timeouts do not apply). */
  forAll: (strategies: readonly WaitStrategy[]) => new CompositeWaitStrategy(strategies),
};
