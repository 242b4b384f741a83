// `npm run deploy:localstack -- --certificate-arn <arn> [--endpoint url] [--region r] [--stack-name n] [--dry-run]`
// Deploys the CDK app into LocalStack with cdklocal (direct method). Needs LOCALSTACK_AUTH_TOKEN
// and a running LocalStack (docker compose -f docker-compose.localstack.yml --profile localstack up).
import { spawn } from 'node:child_process';
import {
  LocalStackDeployError,
  localStackDeployCommand,
  planLocalStackDeploy,
} from '../harness/deploy/localstack-deploy-plan.ts';

async function main(): Promise<number> {
  const plan = planLocalStackDeploy(process.argv.slice(2), process.env);
  const shown = Object.entries(plan.env)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  console.log(`LocalStack endpoint: ${plan.endpoint}`);
  console.log(
    `would run: ${shown} ${plan.command} ${plan.args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}`,
  );
  if (plan.dryRun) return 0;
  const health = new URL('/_localstack/health', plan.endpoint);
  const answer = await fetch(health, { signal: AbortSignal.timeout(5_000) }).catch((error: unknown) => {
    throw new Error(`LocalStack does not answer at ${health.href} within 5000 ms (${String(error)}); is it running?`);
  });
  if (!answer.ok) throw new Error(`LocalStack health check ${health.href} answered ${answer.status}`);
  return await new Promise<number>((resolve, reject) => {
    const child = spawn(plan.command, plan.args, { stdio: 'inherit', env: { ...process.env, ...plan.env } });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = error instanceof LocalStackDeployError ? ` [${error.code}]` : '';
    console.error(`deploy:localstack failed${code}: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof LocalStackDeployError && error.code !== 'TOKEN_MISSING') {
      console.error(`\n${localStackDeployCommand().helpInformation()}`);
    }
    process.exitCode = 2;
  },
);
