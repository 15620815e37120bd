// SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: answers to the task tokens of callback
// tasks and activity tasks (AWS API reference). A token that is not one of this service's is
// InvalidToken; one whose task was answered, timed out or whose execution ended is TaskTimedOut;
// one of an execution that does not exist, or of an activity task no worker has taken yet (AWS
// makes an activity's token as a worker takes the task), is TaskDoesNotExist.
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { executionOfToken, tokenChannel } from './callbacks.js';
import { findExecution } from './store.js';
import { answerToken, beatToken, findToken, untaken, type TokenAnswer } from './tokens-store.js';

const MAX_TOKEN = 2048;
const MAX_OUTPUT = 262_144;
const MAX_ERROR = 256;
const MAX_CAUSE = 32_768;

/** The API's length constraints, as AWS words a violation. */
function checkLength(member: string, value: unknown, max: number, min = 0): void {
  if (value === undefined || value === null) {
    if (min === 0) return;
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  const text = String(value);
  const length = member === 'output' ? Buffer.byteLength(text) : text.length;
  if (length < min)
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${text}' at '${member}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`,
    );
  if (length > max)
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
}

async function answer(ctx: RequestContext, token: string, answered: TokenAnswer): Promise<void> {
  await checkAnswerable(ctx, token, (db) => answerToken(db, token, answered, true));
  await ctx.storage.notifier.notify(tokenChannel(token));
}

/** Checks the token (its length, then whose it is) and makes `change`; AWS's error when it cannot. */
async function checkAnswerable(
  ctx: RequestContext,
  token: string,
  change: (db: RequestContext['storage']['db']) => Promise<boolean>,
): Promise<void> {
  checkLength('taskToken', token, MAX_TOKEN, 1);
  const executionArn = executionOfToken(token);
  if (!executionArn || executionArn.split(':')[4] !== ctx.accountId)
    throw new AwsError('InvalidToken', "Invalid Token: 'Invalid token'");
  if (await change(ctx.storage.db)) return;
  const row = await findToken(ctx.storage.db, token);
  if ((row && untaken(row)) || !(await findExecution(ctx.storage.db, executionArn)))
    throw new AwsError('TaskDoesNotExist', 'Task Does Not Exist');
  throw new AwsError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
}

export const SendTaskSuccess: OperationHandler<{ taskToken: string; output: string }> = async (
  ctx,
  input,
) => {
  checkLength('output', input.output, MAX_OUTPUT, 1);
  try {
    JSON.parse(input.output);
  } catch (error) {
    throw new AwsError('InvalidOutput', `Invalid Output: '${(error as Error).message}'`);
  }
  await answer(ctx, input.taskToken, { status: 'SUCCEEDED', output: input.output });
  return {};
};

export const SendTaskFailure: OperationHandler<{
  taskToken: string;
  error?: string;
  cause?: string;
}> = async (ctx, input) => {
  checkLength('error', input.error, MAX_ERROR);
  checkLength('cause', input.cause, MAX_CAUSE);
  await answer(ctx, input.taskToken, {
    status: 'FAILED',
    ...(input.error !== undefined && { error: input.error }),
    ...(input.cause !== undefined && { cause: input.cause }),
  });
  return {};
};

export const SendTaskHeartbeat: OperationHandler<{ taskToken: string }> = async (ctx, input) => {
  await checkAnswerable(ctx, input.taskToken, (db) => beatToken(db, input.taskToken, ctx.clock.now()));
  return {};
};
