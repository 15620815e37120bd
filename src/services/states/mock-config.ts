// The mock configuration file of Step Functions Local (AWS docs, "Configuration file for mocked
// service integrations"): `StateMachines.<machine name>.TestCases.<test case>.<state name>` names a
// mocked response, and `MockedResponses.<name>` gives, per invocation of the state ("0", or an
// inclusive range "1-2"), either `Return` (the task's result) or `Throw` (its Error and Cause).
// The file is read once, as the node starts (SFN_MOCK_CONFIG); a file that breaks these rules stops
// the start with the field at fault.
import type { MockedAnswer } from '../../asl/task.js';

/** One mocked response: the answers of invocations `from` to `to` (inclusive), in order. */
export interface InvocationRange {
  from: number;
  to: number;
  answer: MockedAnswer;
}

/** A test case: the mocked response of each Task state it names, by state name. */
export type TestCase = Record<string, InvocationRange[]>;

export interface MockConfig {
  /** Machine name → test case name → test case. */
  machines: Record<string, Record<string, TestCase>>;
}

/** What is wrong with the file, naming the field (`MockedResponses.Retry."1-x"`). */
export class MockConfigError extends Error {}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function objectAt(value: unknown, path: string): Json {
  if (!isObject(value)) throw new MockConfigError(`${path} must be a JSON object`);
  return value;
}

/**
 * Parses and checks the file's text; both top-level fields are required ("the top-level object
 * fields that you must define"). Every test case's responses are resolved already.
 */
export function parseMockConfig(text: string): MockConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MockConfigError(`the file is not JSON: ${(error as Error).message}`);
  }
  const root = objectAt(parsed, 'the file');
  const responses = objectAt(root['MockedResponses'], 'MockedResponses');
  const resolved = new Map<string, InvocationRange[]>();
  for (const [name, response] of Object.entries(responses))
    resolved.set(name, parseResponse(response, `MockedResponses.${name}`));
  const machines: MockConfig['machines'] = {};
  const stateMachines = objectAt(root['StateMachines'], 'StateMachines');
  for (const [machine, config] of Object.entries(stateMachines)) {
    const path = `StateMachines.${machine}`;
    const testCases = objectAt(objectAt(config, path)['TestCases'], `${path}.TestCases`);
    machines[machine] = {};
    for (const [testCase, states] of Object.entries(testCases))
      machines[machine][testCase] = parseTestCase(states, `${path}.TestCases.${testCase}`, resolved);
  }
  return { machines };
}

function parseTestCase(value: unknown, path: string, responses: Map<string, InvocationRange[]>): TestCase {
  const testCase: TestCase = {};
  for (const [state, name] of Object.entries(objectAt(value, path))) {
    if (typeof name !== 'string')
      throw new MockConfigError(`${path}.${state} must name a mocked response (a string)`);
    const response = responses.get(name);
    if (!response)
      throw new MockConfigError(`${path}.${state} names '${name}', which MockedResponses does not define`);
    testCase[state] = response;
  }
  return testCase;
}

const INVOCATIONS = /^(\d+)(?:-(\d+))?$/;

/** The ranges of a mocked response, sorted; overlapping ones would answer an invocation twice. */
function parseResponse(value: unknown, path: string): InvocationRange[] {
  const ranges: InvocationRange[] = [];
  for (const [key, answer] of Object.entries(objectAt(value, path))) {
    const at = `${path}."${key}"`;
    const match = INVOCATIONS.exec(key);
    const from = Number(match?.[1]);
    const to = match?.[2] === undefined ? from : Number(match[2]);
    if (!match || !Number.isSafeInteger(to) || to < from)
      throw new MockConfigError(
        `${at}: an invocation is a number from 0 ("0") or an inclusive range of them ("1-2")`,
      );
    ranges.push({ from, to, answer: parseAnswer(answer, at) });
  }
  ranges.sort((a, b) => a.from - b.from);
  for (let index = 1; index < ranges.length; index++)
    if (ranges[index]!.from <= ranges[index - 1]!.to)
      throw new MockConfigError(`${path}: invocation ${ranges[index]!.from} is given more than once`);
  return ranges;
}

/** "A response must contain a single field named Return or Throw"; Throw has string Error and Cause. */
function parseAnswer(value: unknown, path: string): MockedAnswer {
  const answer = objectAt(value, path);
  const fields = Object.keys(answer);
  if (fields.length !== 1 || (fields[0] !== 'Return' && fields[0] !== 'Throw'))
    throw new MockConfigError(`${path} must have a single field, Return or Throw`);
  if (fields[0] === 'Return') return { Return: answer['Return'] };
  const thrown = objectAt(answer['Throw'], `${path}.Throw`);
  for (const field of ['Error', 'Cause'])
    if (typeof thrown[field] !== 'string')
      throw new MockConfigError(`${path}.Throw.${field} must be a string`);
  return { Throw: { Error: thrown['Error'] as string, Cause: thrown['Cause'] as string } };
}

/** The answer of a state's `invocation`-th call (from 0); none past the ranges given. */
export function answerOf(ranges: InvocationRange[], invocation: number): MockedAnswer | undefined {
  return ranges.find((range) => range.from <= invocation && invocation <= range.to)?.answer;
}
