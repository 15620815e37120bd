// Task states whose Resource is an activity's ARN (AWS docs, "Learn about Activities in Step
// Functions"): the task is queued for the activity with the state's effective input and a task
// token, and waits for a worker to take it (GetActivityTask) and answer it (SendTaskSuccess,
// SendTaskFailure), or for its time to run out. Recorded as AWS records it: ActivityScheduled,
// ActivityStarted (the worker's name) as a worker takes it, then ActivitySucceeded, ActivityFailed
// or ActivityTimedOut; ActivityScheduleFailed when there is no such activity. The wait is the
// callback pattern's (saved with the execution, so that a resumed run goes on waiting), with one
// step more: the worker's taking it, which is saved too so that ActivityStarted is recorded once.
import { StatesError } from './errors.js';
import { payloadDetails } from './history.js';
import { saveCallback, type Run } from './interpreter.js';
import {
  CallbackFailure,
  callbacksOf,
  type CallbackAnswer,
  type CallbackWait,
  type TaskFields,
} from './task.js';

const ACTIVITY_ARN = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:activity:[^:]+$/;

export const isActivity = (resource: unknown): resource is string =>
  typeof resource === 'string' && ACTIVITY_ARN.test(resource);

/** What a waiting activity task learns: a worker took it, or its answer. */
export type ActivityProgress = CallbackAnswer | { status: 'STARTED'; workerName?: string };

/** Schedules the activity task and waits for its answer; throws its StatesError. */
export async function runActivity(run: Run, activityArn: string, fields: TaskFields): Promise<unknown> {
  const callbacks = callbacksOf(run);
  const token = callbacks.issue();
  const since = run.host.now();
  const input = JSON.stringify(fields.parameters) ?? 'null';
  if (!(await callbacks.queue({ token, activityArn, input }))) {
    // The error AWS gives here is not documented: the run cannot go on, as for a bad resource.
    const details = { error: 'States.Runtime', cause: `The activity ${activityArn} does not exist.` };
    run.history.add('ActivityScheduleFailed', { activityScheduleFailedEventDetails: details });
    throw new StatesError(details.error, details.cause);
  }
  run.history.add('ActivityScheduled', () => ({
    activityScheduledEventDetails: {
      resource: activityArn,
      ...payloadDetails('input', fields.parameters),
      ...(fields.timeoutSeconds !== undefined && { timeoutInSeconds: fields.timeoutSeconds }),
      ...(fields.heartbeatSeconds !== undefined && { heartbeatInSeconds: fields.heartbeatSeconds }),
    },
  }));
  const wait: CallbackWait = {
    token,
    resourceType: 'activity',
    resource: activityArn,
    since,
    ...(fields.timeoutSeconds !== undefined && { timeoutAt: since + fields.timeoutSeconds * 1000 }),
    ...(fields.heartbeatSeconds !== undefined && { heartbeatSeconds: fields.heartbeatSeconds }),
    activity: { started: false },
  };
  await saveCallback(run, wait);
  return awaitActivity(run, wait);
}

/** Waits for a scheduled (or resumed) activity task: its worker taking it, then its answer. */
export async function awaitActivity(run: Run, scheduled: CallbackWait): Promise<unknown> {
  let wait = scheduled;
  for (;;) {
    const progress = await callbacksOf(run).activityProgress(wait);
    if (progress.status !== 'STARTED') return recordAnswer(run, progress);
    const workerName = progress.workerName;
    run.history.add('ActivityStarted', {
      activityStartedEventDetails: workerName === undefined ? {} : { workerName },
    });
    wait = { ...wait, activity: { started: true } };
    await saveCallback(run, wait);
  }
}

function recordAnswer(run: Run, answer: CallbackAnswer): unknown {
  if (answer.status === 'SUCCEEDED') {
    const output = { output: JSON.stringify(answer.output), outputDetails: { truncated: false } };
    run.history.add('ActivitySucceeded', { activitySucceededEventDetails: output });
    return answer.output;
  }
  if (answer.status === 'FAILED') {
    const details = {
      ...(answer.error !== undefined && { error: answer.error }),
      ...(answer.cause !== undefined && { cause: answer.cause }),
    };
    run.history.add('ActivityFailed', { activityFailedEventDetails: details });
    // SendTaskFailure's error and cause, both optional, are matched as a callback's are.
    throw new CallbackFailure(answer.error, answer.cause);
  }
  run.history.add('ActivityTimedOut', { activityTimedOutEventDetails: { error: answer.error } });
  throw new StatesError(answer.error);
}
