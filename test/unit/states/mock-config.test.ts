// The mock configuration file of Step Functions Local, as parsed at start, and the two settings
// that reach Step Functions from the environment (SFN_MOCK_CONFIG, NUBIS_STATES_WAIT_SCALE).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, readConfig } from '../../../src/config.js';
import { answerOf, MockConfigError, parseMockConfig } from '../../../src/services/states/mock-config.js';

const RETRY = {
  '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'not ready' } },
  '1-2': { Throw: { Error: 'Lambda.TimeoutException', Cause: 'timed out' } },
  '3': { Return: { StatusCode: 200 } },
};

const config = (responses: object, testCase: object = { Task: 'Retry' }) =>
  JSON.stringify({
    StateMachines: { Machine: { TestCases: { Path: testCase } } },
    MockedResponses: responses,
  });

test('a test case resolves to its ranges: "0", then "1-2", then "3", and nothing past them', () => {
  const parsed = parseMockConfig(config({ Retry: RETRY }));
  const ranges = parsed.machines['Machine']!['Path']!['Task']!;
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((invocation) => answerOf(ranges, invocation)),
    [RETRY['0'], RETRY['1-2'], RETRY['1-2'], RETRY['3'], undefined],
  );
});

test('ranges are read in order of invocation, whatever the order of the keys', () => {
  const parsed = parseMockConfig(config({ Retry: { '2': { Return: 'c' }, '0-1': { Return: 'a' } } }));
  const ranges = parsed.machines['Machine']!['Path']!['Task']!;
  assert.deepEqual(answerOf(ranges, 1), { Return: 'a' });
  assert.deepEqual(answerOf(ranges, 2), { Return: 'c' });
});

test('a file that breaks the rules is refused, naming the field', () => {
  const refused = (text: string, message: RegExp) =>
    assert.throws(
      () => parseMockConfig(text),
      (error: Error) => {
        assert.ok(error instanceof MockConfigError);
        assert.match(error.message, message);
        return true;
      },
    );
  refused('[]', /the file must be a JSON object/);
  refused('{"StateMachines":{}}', /MockedResponses must be a JSON object/);
  refused(
    config({ R: { '0': { Return: 1 }, '0-1': { Return: 2 } } }, {}),
    /R: invocation 0 is given more than once/,
  );
  refused(config({ R: { first: { Return: 1 } } }, {}), /R\."first": an invocation is a number/);
  refused(
    config({ R: { '0': { Return: 1, Throw: {} } } }, {}),
    /R\."0" must have a single field, Return or Throw/,
  );
  refused(config({ R: { '0': { Throw: { Error: 1, Cause: 'c' } } } }, {}), /Throw\.Error must be a string/);
  refused(config({}, { Task: 7 }), /TestCases\.Path\.Task must name a mocked response/);
  refused(
    JSON.stringify({ StateMachines: { M: {} }, MockedResponses: {} }),
    /StateMachines\.M\.TestCases must be/,
  );
});

test('SFN_MOCK_CONFIG is read as the configuration is; a missing file is a ConfigError', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nubis-mock-config-'));
  try {
    const path = join(dir, 'mocks.json');
    writeFileSync(path, config({ Retry: RETRY }));
    assert.ok(readConfig([], { SFN_MOCK_CONFIG: path }).statesMocks?.machines['Machine']);
    assert.equal(readConfig([], {}).statesMocks, undefined);
    assert.throws(() => readConfig([], { SFN_MOCK_CONFIG: join(dir, 'none.json') }), ConfigError);
    writeFileSync(path, '{');
    assert.throws(() => readConfig([], { SFN_MOCK_CONFIG: path }), /SFN_MOCK_CONFIG .*not JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('NUBIS_STATES_WAIT_SCALE: 1 by default, a number from 0 up', () => {
  assert.equal(readConfig([], {}).statesWaitScale, 1);
  assert.equal(readConfig([], { NUBIS_STATES_WAIT_SCALE: '0.001' }).statesWaitScale, 0.001);
  assert.equal(readConfig([], { NUBIS_STATES_WAIT_SCALE: '0' }).statesWaitScale, 0);
  assert.throws(() => readConfig([], { NUBIS_STATES_WAIT_SCALE: '-1' }), ConfigError);
  assert.throws(() => readConfig([], { NUBIS_STATES_WAIT_SCALE: 'fast' }), /NUBIS_STATES_WAIT_SCALE/);
});
