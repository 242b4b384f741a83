import { Command, Option } from 'commander';
import { HarnessError } from './core/harness-error.ts';
import { downCommand } from './cli/down-command.ts';
import { upCommand } from './cli/up-command.ts';

const program = new Command()
  .name('harness')
  .description(
    'Local AWS-emulation harness for the cash-flow system: backing servers (PostgreSQL, RabbitMQ, Redis) in ' +
      'compose and managed flavours, the CDK target deployed into an AWS emulator, and the services run as ' +
      'docker-compose wires them and as the ECS task definitions wire them, each behind its own gateway.',
  )
  .showHelpAfterError();

program
  .command('up')
  .description(
    'Bring the stack up in the foreground: print each step with its timing, write .harness/stack.json and an ' +
      'endpoints table, then wait for Ctrl-C, SIGTERM or `harness down`.',
  )
  .addOption(
    new Option('--profile <profile>', 'compose: compose-flavour servers; aws: managed-flavour servers + emulator')
      .choices(['compose', 'aws', 'both'])
      .default('both'),
  )
  .addOption(
    new Option(
      '--provider <provider>',
      'where backing servers run (auto: containers if a Docker engine answers, else native)',
    )
      .choices(['native', 'containers', 'external', 'auto'])
      .default('auto'),
  )
  .addOption(
    new Option('--emulator <emulator>', 'AWS emulator for the aws profile (external: AWS_ENDPOINT_URL)')
      .choices(['moto', 'localstack', 'external'])
      .default('moto'),
  )
  .option('--backing-only', 'start only the backing servers and the emulator (skip deploy and launch)', false)
  .option('--exit-when-ready', 'tear down and exit as soon as the stack is ready (for timing and smoke checks)', false)
  .action(async (options) => {
    process.exitCode = await upCommand(options);
  });

program
  .command('down')
  .description('Stop a running `harness up` (found through .harness/harness.pid) and wait until it has torn down.')
  .addOption(
    new Option('--timeout <seconds>', 'how long to wait before SIGKILL and forced cleanup')
      .default('90')
      .argParser(Number),
  )
  .action(async (options: { timeout: number }) => {
    process.exitCode = await downCommand({ timeoutMs: options.timeout * 1000 });
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = error instanceof HarnessError ? ` [${error.code}]` : '';
  console.error(`harness: ${error instanceof Error ? error.message : String(error)}${code}`);
  process.exitCode = 1;
}
