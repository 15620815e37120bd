// Asynchronous Express executions (StartExecution of an Express machine, a nested workflow among
// them) as a `.sync` task of this node waits for them: Express executions are kept nowhere (AWS's
// DescribeExecution does not describe them), so the node that runs one keeps its description in
// memory while it runs and for KEEP_MS after it ends, and notifies its channel as it ends. A parent
// resumed on another node (its node killed) finds no description there: the child ran at most once.
import { outcomeFields } from '../../asl/interpreter.js';
import type { ServiceEnvironment } from '../../core/service.js';
import { executionChannel } from './callbacks.js';
import type { ExpressStart } from './express.js';

const KEEP_MS = 60_000;

const watched = new Map<string, Record<string, unknown>>();

/** Keeps `started`'s description, as DescribeExecution words one, until KEEP_MS after its end. */
export function watchExpress(
  env: ServiceEnvironment,
  started: ExpressStart,
  stateMachineArn: string,
  input: string,
): void {
  const arn = started.executionArn;
  const running = {
    executionArn: arn,
    stateMachineArn,
    name: started.name,
    status: 'RUNNING',
    startDate: new Date(started.startedAt),
    input,
    inputDetails: { included: true },
  };
  watched.set(arn, running);
  started.ended.then(
    ({ outcome, stoppedAt }) => {
      const fields = outcomeFields(outcome);
      watched.set(arn, {
        ...running,
        status: outcome.status,
        stopDate: new Date(stoppedAt),
        ...fields,
        ...(fields.output !== undefined && { outputDetails: { included: true } }),
      });
      env.clock.setTimer(KEEP_MS, () => watched.delete(arn));
      void env.storage.notifier.notify(executionChannel(arn));
    },
    () => watched.delete(arn),
  );
}

/** The description of an Express execution this node runs or ran lately; undefined otherwise. */
export const watchedExpress = (executionArn: string) => watched.get(executionArn);
