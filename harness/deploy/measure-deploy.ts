// `npx tsx harness/deploy/measure-deploy.ts [runs]`: median time of a fresh deploy of the infra app
// into moto (emulator reset between runs) and of an unchanged redeploy; figures for docs/performance.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { MotoEmulator } from '../emulator/moto-emulator.ts';
import { deployStack, type DeployResult } from './deploy-stack.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const program = new Command('harness/deploy/measure-deploy.ts')
  .description('Median time of a fresh deploy of the infra app into moto and of an unchanged redeploy.')
  .argument(
    '[runs]',
    'how many fresh deploys and redeploys (1-10)',
    (value) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 10) throw new InvalidArgumentError('must be an integer from 1 to 10');
      return n;
    },
    3,
  )
  .showHelpAfterError()
  // A bad argument is a usage error: exit 2, as the other scripts do (help itself exits 0).
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .parse();

async function main(runs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-measure-'));
  const moto = await new MotoEmulator().withRunDir(dir).start();
  const fresh: DeployResult[] = [];
  const again: DeployResult[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      await moto.reset();
      fresh.push(await deployStack({ endpoint: moto.getEndpoint(), outputFile: false }));
      again.push(await deployStack({ endpoint: moto.getEndpoint(), outputFile: false }));
    }
  } finally {
    await moto.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const report = (name: string, results: DeployResult[]) =>
    `${name}: median total ${median(results.map((r) => r.timingsMs.total))} ms ` +
    `(synthesize ${median(results.map((r) => r.timingsMs.synthesize))} ms, deploy ${median(results.map((r) => r.timingsMs.deploy))} ms, ` +
    `${results[0]!.stackOperations.length} stack operation(s)); all: ${results.map((r) => r.timingsMs.total).join(', ')} ms`;
  process.stdout.write(`${report('fresh deploy', fresh)}\n${report('unchanged redeploy', again)}\n`);
}

main(program.processedArgs[0] as number).catch((error: unknown) => {
  process.stderr.write(`measurement failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
