import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type BuildAppProps } from '../lib/build-app.ts';

/** Props that synthesize a complete stack offline; tests override what they exercise. */
export const TEST_PROPS: BuildAppProps = {
  account: '123456789012',
  region: 'eu-west-1',
  certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
  imageTag: 'abc123',
  environmentName: 'test',
  demoUsername: 'demo',
};

/** Synthesizes the stack with {@link TEST_PROPS} plus `overrides`. */
export function synth(overrides: Partial<BuildAppProps> = {}): { template: Template; json: Record<string, unknown> } {
  const { stack } = buildApp({ ...TEST_PROPS, ...overrides });
  const template = Template.fromStack(stack);
  return { template, json: template.toJSON() };
}
