// Replays one recorded execution through Nubis's Step Functions API, as a client of AWS would run
// it: CreateStateMachine, StartExecution, DescribeExecution until it ends (moving the manual clock
// so Wait states and timeouts pass), and every page of GetExecutionHistory. What the run shows is
// put in the recorder's terms (its placeholders for the values that vary) to be compared.
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { NubisProcess } from '../../support/nubis.js';
import type { Observed, RecordedCase } from '../../support/stepfunctions-cases.js';

/** The account the recordings were made in; the access key of that name selects it in Nubis. */
export const RECORDED_ACCOUNT = '111111111111';
export const REPLAY_ROLE = `arn:aws:iam::${RECORDED_ACCOUNT}:role/conformance`;
/** Where the manual clock starts: the hand-made timestamps of the Wait cases lie one minute later. */
export const REPLAY_CLOCK_START_MS = Date.UTC(2026, 0, 1);

/** Values a replay made (queue URLs, task tokens…) and the placeholders the recorder put for them. */
export type Substitutions = Array<[actual: string, recorded: string]>;

/** The recorder's name for the execution role: the context object shows it. */
const BASE_SUBSTITUTIONS: Substitutions = [[REPLAY_ROLE, 'snf_role_arn']];

export interface Replayer {
  sfn: SFNClient;
  nubis: NubisProcess;
}

/** Creates the recording's machine under `name` and starts it with `input`; answers the execution's ARN. */
export async function startReplay(
  { sfn }: Replayer,
  name: string,
  recorded: RecordedCase,
  input: unknown,
): Promise<string> {
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({
      name,
      definition: JSON.stringify(recorded.definition),
      roleArn: REPLAY_ROLE,
    }),
  );
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
  );
  return executionArn!;
}

/** Polls this often before the clock is moved: an execution not waiting ends well within it. */
const POLLS_BEFORE_ADVANCING = 10;
const POLL_MS = 5;
/** The longest wait of a recording is a minute (its hand-made timestamps). */
const CLOCK_STEP_MS = 60_000;
const MAX_POLLS = 2_000;

/** Event types that show the recorded execution waited for time to pass. */
const WAITED = new Set(['WaitStateEntered', 'TaskTimedOut', 'ActivityTimedOut', 'ExecutionTimedOut']);

/** Whether the replay has to move the clock: a task that does work (a function's cold start) would time out meanwhile. */
export function waitsForTime(recorded: RecordedCase): boolean {
  return recorded.pure || recorded.event_types.some((type) => WAITED.has(type));
}

/** Waits for the execution to end, moving the manual clock a minute whenever it keeps running, if `advancing`. */
export async function replayEnded(
  { sfn, nubis }: Replayer,
  executionArn: string,
  advancing = true,
): Promise<DescribeExecutionCommandOutput> {
  for (let poll = 1; poll <= MAX_POLLS; poll++) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    if (advancing && poll % POLLS_BEFORE_ADVANCING === 0) await nubis.advanceClock(CLOCK_STEP_MS);
    else await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`${executionArn} is still running`);
}

/** Every page of the execution's history, at the largest page size AWS allows. */
export async function fullHistory(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

function substituted(text: string, substitutions: Substitutions): string {
  return [...BASE_SUBSTITUTIONS, ...substitutions].reduce(
    (result, [actual, recorded]) => result.split(actual).join(recorded),
    text,
  );
}

/** The run in the recorder's terms: output parsed, made values replaced by their placeholders. */
export function observedOf(
  described: DescribeExecutionCommandOutput,
  events: HistoryEvent[],
  substitutions: Substitutions = [],
): Observed {
  const output = described.output === undefined ? undefined : substituted(described.output, substitutions);
  return {
    status: described.status ?? 'UNKNOWN',
    output: output === undefined ? undefined : (JSON.parse(output) as unknown),
    error: described.error,
    cause: described.cause === undefined ? undefined : substituted(described.cause, substitutions),
    eventTypes: events.map((event) => event.type ?? 'UNKNOWN'),
  };
}

/** Runs `items` through `work`, `width` at a time, in order of start. */
export async function inBatches<T>(
  items: T[],
  width: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: width }, lane));
}
