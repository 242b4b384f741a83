import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MotoEmulator } from '../emulator/moto-emulator.ts';
import { EMULATOR_CREDENTIALS } from '../emulator/started-emulator.ts';

/** A moto server started for one test file (its own port, so files never share state). */
export interface MotoTestServer extends AsyncDisposable {
  readonly endpoint: string;
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
}

/** Starts the harness's moto emulator in a temp run dir of its own; disposing stops it and removes the dir. */
export async function startMotoTestServer(): Promise<MotoTestServer> {
  const runDir = await mkdtemp(join(tmpdir(), 'launch-moto-'));
  try {
    const moto = await new MotoEmulator().withRunDir(runDir).start();
    const endpoint = moto.getEndpoint();
    return {
      endpoint,
      clientConfig: { endpoint, region: moto.getRegion(), credentials: { ...EMULATOR_CREDENTIALS } },
      [Symbol.asyncDispose]: async () => {
        await moto.stop();
        await rm(runDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(runDir, { recursive: true, force: true });
    throw error;
  }
}
