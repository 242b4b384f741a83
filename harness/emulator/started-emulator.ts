/** Which AWS emulator serves the `aws` profile. */
export type EmulatorKind = 'moto' | 'localstack' | 'external';

/** The fixed, fake account the emulators accept (moto and LocalStack take any static keys). */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

/** The region every emulated resource lives in. */
export const EMULATOR_REGION = 'us-east-1';

/** A running AWS emulator endpoint, whichever kind. */
export interface StartedEmulator extends AsyncDisposable {
  readonly kind: EmulatorKind;
  getHost(): string;
  getPort(): number;
  /** `http://host:port`, the value for `AWS_ENDPOINT_URL`. */
  getEndpoint(): string;
  getConnectionUri(): string;
  getRegion(): string;
  /** e.g. `moto 5.2.1`; `unknown` when it cannot be told. */
  getVersion(): string;
  /** Forgets every emulated resource (moto: `POST /moto-api/reset`). */
  reset(): Promise<void>;
  isRunning(): boolean;
  stop(): Promise<void>;
  kill(): Promise<void>;
  /** Starts it again on the same port (an emulator keeps no data across restarts). */
  start(): Promise<void>;
  restart(): Promise<void>;
  logTail(lines?: number): string;
}
