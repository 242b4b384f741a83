// The CDK app entry: `npx cdk synth|deploy -c account=... -c region=... -c certificateArn=...`.
// All values come from context (cdk.json, -c) so synthesis never performs a lookup.
import { App } from 'aws-cdk-lib';
import { addCashflowStack } from '../lib/build-app.ts';
import { propsFromContext } from '../lib/props-from-context.ts';

const app = new App();
addCashflowStack(
  app,
  propsFromContext((key) => app.node.tryGetContext(key)),
);
app.synth();
