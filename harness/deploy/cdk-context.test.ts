import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INFRA_DIR, propsForEmulator, readCdkContext } from './cdk-context.ts';

const EMULATOR = {
  account: { value: '123456789012', reason: "the emulator's account" },
  region: { value: 'us-east-1', reason: "the emulator's region" },
  certificateArn: { value: 'arn:aws:acm:us-east-1:123456789012:certificate/x', reason: 'imported' },
};

describe('readCdkContext', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("reads infra/cdk.json's context, as `cdk deploy` does", () => {
    const declared = (JSON.parse(readFileSync(join(INFRA_DIR, 'cdk.json'), 'utf8')) as { context: object }).context;
    expect(readCdkContext()).toMatchObject(declared);
  });

  it("lets cdk.json's context win over cdk.context.json's cached values", () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk-context-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'cdk.json'), JSON.stringify({ context: { logLevel: 'warn' } }));
    writeFileSync(join(dir, 'cdk.context.json'), JSON.stringify({ logLevel: 'debug', jwtIssuer: 'cached' }));
    expect(readCdkContext(dir)).toEqual({ logLevel: 'warn', jwtIssuer: 'cached' });
  });
});

describe('propsForEmulator', () => {
  it('synthesizes from the context, so a setting in cdk.json reaches the deployed target', () => {
    const { props } = propsForEmulator({ environmentName: 'staging', logLevel: 'warn' }, EMULATOR);
    expect(props).toMatchObject({ environmentName: 'staging', logLevel: 'warn', account: '123456789012' });
  });

  it('records every override that changes the context as an adaptation, and no other', () => {
    const { adaptations } = propsForEmulator(
      { region: 'us-east-1', demoUsername: 'ops' },
      { ...EMULATOR, demoUsername: { value: 'demo', reason: 'compose seeds it' } },
    );
    expect(adaptations.map((adaptation) => adaptation.logicalId)).toEqual([
      'account',
      'certificateArn',
      'demoUsername',
    ]);
    expect(adaptations.at(-1)).toEqual({
      logicalId: 'demoUsername',
      type: 'CDK context',
      action: 'context-overridden',
      detail: 'ops -> demo: compose seeds it',
    });
  });

  it('rejects a malformed context value the way the CDK app does, naming the key', () => {
    expect(() => propsForEmulator({ serviceDesiredCount: 'two' }, EMULATOR)).toThrow(/serviceDesiredCount/);
  });
});
