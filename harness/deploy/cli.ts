// Debugging entry: `npx tsx harness/deploy/cli.ts --endpoint http://127.0.0.1:5000` deploys the
// infra app into a running emulator and prints the adaptation table and the outputs.
import { Command, InvalidArgumentError } from 'commander';
import { formatAdaptationTable } from './adaptation.ts';
import { deployFilePath, deployStack } from './deploy-stack.ts';

function endpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`--endpoint must be a URL like http://127.0.0.1:5000, got ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError(`--endpoint must be http(s), got ${url.protocol}`);
  }
  return url.toString().replace(/\/$/, '');
}

const program = new Command('deploy')
  .description('Synthesize the infra app, adapt it for moto and deploy it into a running emulator')
  .requiredOption('--endpoint <url>', 'emulator endpoint (moto_server)', endpoint)
  .option('--region <region>', 'region', 'us-east-1')
  .option('--stack-name <name>', 'stack name', 'Cashflow')
  .option('--output <file>', 'deploy document path', deployFilePath())
  .option('--json', 'print the deploy document instead of the table')
  .action(async (options: { endpoint: string; region: string; stackName: string; output: string; json?: boolean }) => {
    const result = await deployStack({
      endpoint: options.endpoint,
      region: options.region,
      stackName: options.stackName,
      outputFile: options.output,
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${formatAdaptationTable(result.adaptations)}\n\n`);
    for (const [key, value] of Object.entries(result.outputs)) process.stdout.write(`${key.padEnd(36)} ${value}\n`);
    process.stdout.write(
      `\n${result.stackName} ${result.status} in ${result.timingsMs.total} ms; written to ${options.output}\n`,
    );
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`deploy failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
