// Mocked service integrations (AWS docs, "Using mocked service integrations for testing in Step
// Functions Local"): StartExecution (or StartSyncExecution) of `<machine arn>#<test case>` runs the
// machine as that test case of the mock configuration (SFN_MOCK_CONFIG). The execution is the
// machine's, named and listed as any other (the docs' StartExecution answer has no test case in
// its ARN). Each Task state the test case names answers its mocked response for the invocation it
// is at, counted per state over the whole execution (retries and Map iterations included), instead
// of calling the service; the states it does not name call their services.
import { RUNTIME, StatesError } from '../../asl/errors.js';
import type { Host } from '../../asl/interpreter.js';
import type { MockedAnswer, TaskRequest } from '../../asl/task.js';
import type { PlatformConfig, ServiceEnvironment } from '../../core/service.js';
import { validationException } from './errors.js';
import { answerOf } from './mock-config.js';
import { countInvocation, findMockedExecution, type MockedExecution } from './mocks-store.js';

/** The machine's ARN and the test case a StartExecution names; `#` is only read with a mock file. */
export function testCaseStart(config: PlatformConfig, arn: string): { arn: string; testCase?: string } {
  const hash = arn.indexOf('#');
  if (!config.statesMocks || hash < 0) return { arn };
  return { arn: arn.slice(0, hash), testCase: arn.slice(hash + 1) };
}

/**
 * The test case's mocked responses. AWS documents no error for a test case or a machine that the
 * file does not have: ValidationException, which StartExecution models, names what is missing.
 */
export function mockedExecutionOf(
  config: PlatformConfig,
  machineName: string,
  testCase: string,
): MockedExecution {
  const machine = config.statesMocks?.machines[machineName];
  if (!machine)
    throw validationException(
      `State machine '${machineName}' is not in the mock configuration file (SFN_MOCK_CONFIG)`,
    );
  const responses = machine[testCase];
  if (!responses)
    throw validationException(
      `Test case '${testCase}' of state machine '${machineName}' is not in the mock configuration file (SFN_MOCK_CONFIG)`,
    );
  return { testCase, responses };
}

type Counter = (state: string) => Promise<number>;

/** The host's mockedTask for a test case, its invocations counted by `counter`. */
function mockedTasks(mocked: MockedExecution, counter: Counter): NonNullable<Host['mockedTask']> {
  return async (request: TaskRequest): Promise<MockedAnswer | undefined> => {
    const state = request.state;
    const ranges = state === undefined ? undefined : mocked.responses[state];
    if (!ranges || state === undefined) return undefined;
    const invocation = await counter(state);
    const answer = answerOf(ranges, invocation);
    // "If you do not specify a mocked response for a specific retry attempt … the state machine
    // execution will fail": a runtime error, which no Retry or Catch takes.
    if (!answer)
      throw new StatesError(
        RUNTIME,
        `The mocked response of state '${state}' in test case '${mocked.testCase}' has no answer for invocation ${invocation}`,
      );
    return answer;
  };
}

/** An Express execution's: counted in memory, as the execution runs. */
export function inMemoryMocks(mocked: MockedExecution): NonNullable<Host['mockedTask']> {
  const counts = new Map<string, number>();
  return mockedTasks(mocked, (state) => {
    const invocation = counts.get(state) ?? 0;
    counts.set(state, invocation + 1);
    return Promise.resolve(invocation);
  });
}

/**
 * A Standard execution's: read with its first task, counted in the database (also on a node that
 * has no mock file: it may resume an execution another node started as a test case).
 */
export function storedMocks(env: ServiceEnvironment, executionArn: string): NonNullable<Host['mockedTask']> {
  let loaded: Promise<Host['mockedTask']> | undefined;
  const load = async () => {
    const mocked = await findMockedExecution(env.storage.db, executionArn);
    return mocked && mockedTasks(mocked, (state) => countInvocation(env.storage.db, executionArn, state));
  };
  return async (request) => {
    loaded ??= load();
    return (await loaded)?.(request);
  };
}
