// The Run a Job pattern (`.sync`, `.sync:2`): the task's call starts a job (for Step Functions'
// own `states:startExecution`, a child execution), is recorded as TaskSubmitted with the call's
// answer, and the task then waits for the job to end: TaskSucceeded with the job's final
// description, TaskFailed when it failed, or TaskTimedOut when TimeoutSeconds or
// HeartbeatSeconds run out first (AWS docs, "Run a Job (.sync)"). The wait is a callback wait
// whose key is the job's id, saved with the execution, so that a run resumed elsewhere waits for
// the same job rather than starting another.
import { StatesError } from './errors.js';
import { saveCallback, type Run } from './interpreter.js';
import { recordAnswer, type CallbackAnswer, type CallbackWait, type TaskRequest } from './task.js';

export type JobPattern = 'sync' | 'sync:2';

/** The host's side of jobs: what a `.sync` task's call started, and its end. */
export interface Jobs {
  /** The id of the job the call started, from the call's answer; throws a TaskFailure if none. */
  idOf(request: TaskRequest, submitted: unknown): string;
  /** The job's end as the task's answer, or its time running out. */
  outcome(wait: CallbackWait): Promise<CallbackAnswer>;
}

export const isJob = (request: TaskRequest) => request.pattern === 'sync' || request.pattern === 'sync:2';

function jobsOf(run: Run): Jobs {
  const jobs = run.host.jobs;
  if (!jobs)
    throw new StatesError('States.Runtime', 'This execution cannot run the .sync integration pattern');
  return jobs;
}

/** Saves the wait for the job `submitted` started (TaskSubmitted is recorded), then waits for it. */
export async function awaitSubmittedJob(
  run: Run,
  request: TaskRequest,
  submitted: unknown,
  since: number,
): Promise<unknown> {
  const wait: CallbackWait = {
    token: jobsOf(run).idOf(request, submitted),
    resourceType: request.resourceType,
    resource: request.resource,
    since,
    ...(request.timeoutSeconds !== undefined && { timeoutAt: since + request.timeoutSeconds * 1000 }),
    ...(request.heartbeatSeconds !== undefined && { heartbeatSeconds: request.heartbeatSeconds }),
    job: { pattern: request.pattern as JobPattern },
  };
  await saveCallback(run, wait);
  return awaitJob(run, wait);
}

/** Waits for a submitted (or resumed) job's end, recorded as a callback's answer is. */
export async function awaitJob(run: Run, wait: CallbackWait): Promise<unknown> {
  return recordAnswer(run, wait, await jobsOf(run).outcome(wait));
}
