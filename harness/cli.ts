import { Command, Option } from 'commander';
import { HarnessError } from './core/harness-error.ts';
import { downCommand } from './cli/down-command.ts';
import { upCommand } from './cli/up-command.ts';
import { selfTestCommand } from './cli/self-test-command.ts';
import { verifyCommand } from './cli/verify-command.ts';

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
  .command('verify')
  .description(
    'The parity gate: bring both profiles up, run every parity check (static, differential traffic, load smoke), ' +
      'write reports/parity.{json,junit.xml,html}, tear down. Exit 0: every check holds; 1: findings; 2: could not run.',
  )
  .addOption(
    new Option('--provider <provider>', 'where backing servers run (auto: containers if a Docker engine answers)')
      .choices(['native', 'containers', 'external', 'auto'])
      .default('auto'),
  )
  .addOption(
    new Option('--emulator <emulator>', 'AWS emulator for the aws profile')
      .choices(['moto', 'localstack', 'external'])
      .default('moto'),
  )
  .option('--only <check...>', 'run only these checks (ids as the report names them)')
  .option('--skip <check...>', 'leave these checks out')
  .option(
    '--keep-up',
    'leave the stack running after the checks, for debugging (Ctrl-C or `harness down` stops it)',
    false,
  )
  .option('--report-dir <dir>', 'where the reports go', 'reports')
  .option('--json', 'also print the JSON report on stdout', false)
  .option('--against <stack.json>', 'check an already running `harness up` through its stack document instead')
  .option(
    '--self-test',
    "seed each defect of the project's catalogue of migration defects into a temporary copy, one at a time, and check the gate catches it with its expected code",
    false,
  )
  .option('--defect <id...>', 'with --self-test: only these defects of the catalogue')
  .action(async (options) => {
    if (options.defect && !options.selfTest) {
      process.stderr.write('harness verify: --defect needs --self-test\n');
      process.exitCode = 2;
      return;
    }
    process.exitCode = options.selfTest ? await selfTestCommand(options) : await verifyCommand(options);
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
