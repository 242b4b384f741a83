import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type BuildAppProps } from '../../infra/index.ts';
import type { CfnTemplate } from './template-types.ts';

// The deploy's one door into the infra app: the rest of harness/ reads what was deployed, not its source.
export { DEFAULT_STACK_NAME, propsFromContext, type BuildAppProps } from '../../infra/index.ts';

/** The props the deployer passes to the infra app; account, region, AZs and certificate are always explicit. */
export type SynthesizeProps = BuildAppProps & {
  readonly availabilityZones: readonly string[];
  readonly certificateArn: string;
};

/**
 * Synthesizes the infra app in-process (no CDK CLI) into a temporary cloud assembly and returns
 * the stack's template. AZs are explicit, so CDK writes real names, not `dummy1a` placeholders.
 */
export function synthesizeTemplate(props: SynthesizeProps): { template: CfnTemplate; stackName: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'harness-synth-'));
  try {
    const { app, stack } = buildApp(props, { outdir });
    const assembly = app.synth();
    const artifact = assembly.getStackArtifact(stack.artifactId);
    return { template: structuredClone(artifact.template) as CfnTemplate, stackName: artifact.stackName };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
