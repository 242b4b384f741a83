import { expect, test } from 'vitest';
import { humanLogLine } from './human-log-line.ts';

test('a pino record becomes one readable line: level, component, message, the other fields', () => {
  const record =
    '{"level":40,"time":1796275274043,"pid":20774,"hostname":"vm","name":"harness","component":"stack","step":"launch","profile":"aws","component":"gateway","functions":["arn:f"],"msg":"associations restored"}';
  expect(humanLogLine(record)).toBe(
    'warning (gateway): associations restored [step=launch, profile=aws, functions=["arn:f"]]\n',
  );
});

test('an error field shows its message, not its stack', () => {
  const record = JSON.stringify({ level: 50, msg: 'stop failed', err: { message: 'ESRCH', stack: 'at x' } });
  expect(humanLogLine(record)).toBe('error: stop failed [err=ESRCH]\n');
});

test('a line that is not JSON passes through', () => {
  expect(humanLogLine('plain text\n')).toBe('plain text\n');
});
