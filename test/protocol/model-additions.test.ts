// Members AWS added after the vendored models, laid over them as they load: an operation's output
// (GetExecutionHistory's events) and its input (TestState's), where a member may also stop being required.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../src/protocol/model.js';

const states = loadModel('states-2016-11-23.min.json');

test("TestState's input has the members of 2024–2025, and roleArn is no longer required", () => {
  const input = states.operation('TestState')!.input!;
  for (const name of ['variables', 'stateName', 'context', 'mock', 'stateConfiguration'])
    assert.ok(input.members.has(name), name);
  assert.deepEqual(input.required, ['definition']);
  const mock = input.members.get('mock')!;
  assert.equal(mock.members.get('errorOutput')!.type, 'structure');
  assert.equal(input.members.get('stateConfiguration')!.members.get('retrierRetryCount')!.type, 'integer');
});

test("TestState's inspectionData keeps its members and gains the new ones", () => {
  const data = states.operation('TestState')!.output!.members.get('inspectionData')!;
  for (const name of ['input', 'afterParameters', 'afterArguments', 'variables', 'errorDetails'])
    assert.ok(data.members.has(name), name);
  const details = data.members.get('errorDetails')!;
  assert.deepEqual([...details.members.keys()], ['catchIndex', 'retryIndex', 'retryBackoffIntervalSeconds']);
});

test("GetExecutionHistory's events keep their output additions", () => {
  const events = states.operation('GetExecutionHistory')!.output!.members.get('events')!;
  assert.ok(events.member.members.has('evaluationFailedEventDetails'));
});
