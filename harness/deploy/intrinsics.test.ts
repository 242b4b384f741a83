import { describe, expect, it } from 'vitest';
import { NO_VALUE, referencesIn, substitute, unresolvedIn, type ValueLookup } from './intrinsics.ts';

const values: Record<string, unknown> = {
  Secret: 'arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf',
  Broker: 'b-1',
};
const attributes: Record<string, unknown> = {
  'Broker.AmqpEndpoints': ['amqps://b-1.mq:5671'],
  'Cache.PrimaryEndPoint.Address': 'master.cache',
};
const lookup: ValueLookup = {
  ref: (id) => (id === 'AWS::Region' ? 'us-east-1' : id === 'AWS::NoValue' ? NO_VALUE : values[id]),
  getAtt: (id, attribute) => attributes[`${id}.${attribute}`],
  dynamicReference: (reference) =>
    reference === `{{resolve:secretsmanager:${values.Secret}:SecretString:password::}}` ? 's3cret' : undefined,
};

describe('substitute', () => {
  it('replaces a known Ref and leaves an unknown one for CloudFormation', () => {
    // GIVEN a value with one known and one unknown reference
    const value = { A: { Ref: 'Broker' }, B: { Ref: 'Vpc' } };
    // WHEN substituted
    const result = substitute(value, lookup);
    // THEN only the known one is replaced
    expect(result).toEqual({ A: 'b-1', B: { Ref: 'Vpc' } });
  });

  it('selects from a GetAtt list inside a Join once every part is known', () => {
    const value = { 'Fn::Join': ['', ['url=', { 'Fn::Select': [0, { 'Fn::GetAtt': ['Broker', 'AmqpEndpoints'] }] }]] };
    expect(substitute(value, lookup)).toBe('url=amqps://b-1.mq:5671');
  });

  it('keeps a Join whose parts are not all known, with the known parts replaced', () => {
    const value = { 'Fn::Join': [':', [{ Ref: 'Broker' }, { Ref: 'Vpc' }]] };
    expect(substitute(value, lookup)).toEqual({ 'Fn::Join': [':', ['b-1', { Ref: 'Vpc' }]] });
  });

  it('resolves a dynamic reference built by a Join around a Ref', () => {
    const value = {
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Secret' }, ':SecretString:password::}}']],
    };
    expect(substitute(value, lookup)).toBe('s3cret');
  });

  it('resolves Fn::Sub with a dotted GetAtt, a Ref and a pseudo parameter, and keeps ${!literal}', () => {
    const value = { 'Fn::Sub': '${Cache.PrimaryEndPoint.Address}/${Broker}/${AWS::Region}/${!Keep}' };
    expect(substitute(value, lookup)).toBe('master.cache/b-1/us-east-1/${Keep}');
  });

  it('resolves Fn::Sub variables given in its map', () => {
    const value = { 'Fn::Sub': ['${X}-${Broker}', { X: { Ref: 'Broker' } }] };
    expect(substitute(value, lookup)).toBe('b-1-b-1');
  });

  it('leaves Fn::Sub partly resolved when one variable is unknown', () => {
    const value = { 'Fn::Sub': '${Broker}-${Vpc}' };
    expect(substitute(value, lookup)).toEqual({ 'Fn::Sub': 'b-1-${Vpc}' });
  });

  it('drops a property whose value is AWS::NoValue', () => {
    expect(substitute({ A: 1, B: { Ref: 'AWS::NoValue' } }, lookup)).toEqual({ A: 1 });
  });

  it('leaves a dynamic reference it cannot resolve as text, which unresolvedIn reports without the secret id', () => {
    const result = substitute('{{resolve:ssm:/missing}}', lookup);
    expect(result).toBe('{{resolve:ssm:/missing}}');
    expect(unresolvedIn(result)).toEqual(['{{resolve:ssm:...}}']);
  });

  it('uses the strict lookup inside a builder of a dynamic reference only', () => {
    const strict: ValueLookup = { ref: (id) => (id === 'Param' ? '/app/name' : undefined), getAtt: () => undefined };
    const value = {
      Name: { Ref: 'Param' },
      Value: { 'Fn::Join': ['', ['{{resolve:ssm:', { Ref: 'Param' }, '}}']] },
    };
    const result = substitute(value, {
      ref: () => undefined,
      getAtt: () => undefined,
      forDynamicReferences: strict,
      dynamicReference: (reference) => (reference === '{{resolve:ssm:/app/name}}' ? 'v' : undefined),
    });
    expect(result).toEqual({ Name: { Ref: 'Param' }, Value: 'v' });
  });

  it('refuses a Fn::Select outside its list, with a code', () => {
    // GIVEN a select of the second endpoint of a one-endpoint list
    const value = { 'Fn::Select': [1, { 'Fn::GetAtt': ['Broker', 'AmqpEndpoints'] }] };
    // WHEN substituted / THEN the template is reported invalid
    expect(() => substitute(value, lookup)).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_INVALID', message: 'Fn::Select index 1 is outside a list of 1' }),
    );
  });
});

describe('referencesIn', () => {
  it('finds Ref, GetAtt (both forms) and Sub variables, skipping pseudo parameters', () => {
    const value = [
      { Ref: 'A' },
      { 'Fn::GetAtt': ['B', 'Arn'] },
      { 'Fn::GetAtt': 'C.Endpoint.Address' },
      { 'Fn::Sub': '${D}-${E.Name}-${AWS::Region}-${!F}' },
    ];
    expect(referencesIn(value)).toEqual([
      { logicalId: 'A', hard: false },
      { logicalId: 'B', attribute: 'Arn', hard: false },
      { logicalId: 'C', attribute: 'Endpoint.Address', hard: false },
      { logicalId: 'D', hard: false },
      { logicalId: 'E', attribute: 'Name', hard: false },
    ]);
  });

  it('marks references that build a dynamic reference as hard', () => {
    const value = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'S' }, ':SecretString:password::}}']] };
    expect(referencesIn(value)).toEqual([{ logicalId: 'S', hard: true }]);
  });
});
