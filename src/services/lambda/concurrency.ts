// Reserved concurrency: PutFunctionConcurrency, GetFunctionConcurrency, DeleteFunctionConcurrency.
// A reservation is both a guarantee and a cap: the function runs at most that many invocations at
// once, and the rest of the account can never use them.
import type {
  Concurrency,
  DeleteFunctionConcurrencyRequest,
  GetFunctionConcurrencyRequest,
  GetFunctionConcurrencyResponse,
  PutFunctionConcurrencyRequest,
} from '@aws-sdk/client-lambda';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { getFunctionRow } from './change.js';
import { functionNotFound, invalidParameterValue, validationError } from './errors.js';
import { functionArn, parseFunctionName, type FunctionRef } from './names.js';
import { accountConcurrencyLimit, minimumUnreserved } from './settings.js';
import { concurrencyLimits, deleteReserved, putReserved } from './store-concurrency.js';
import { lockFunction } from './store-functions.js';

const UNQUALIFIED = { qualifierAllowed: false, maxLength: 140 };

function functionRef(ctx: RequestContext, name: string | undefined): FunctionRef {
  return parseFunctionName(ctx, name ?? '', UNQUALIFIED);
}

export const PutFunctionConcurrency: OperationHandler<PutFunctionConcurrencyRequest, Concurrency> = async (
  ctx,
  input,
) => {
  const ref = functionRef(ctx, input.FunctionName);
  const reserved = input.ReservedConcurrentExecutions ?? 0;
  if (reserved < 0) {
    throw validationError(
      reserved,
      'reservedConcurrentExecutions',
      'Member must have value greater than or equal to 0',
    );
  }
  await ctx.storage.db.transaction(async (tx) => {
    if (!(await lockFunction(tx, ref))) throw functionNotFound(functionArn(ref));
    const current = await concurrencyLimits(tx, ref);
    // What the function holds now (its reservation, else its provisioned concurrency) is replaced.
    const others = current.allocated - (current.reserved ?? current.provisioned);
    const minimum = minimumUnreserved();
    if (accountConcurrencyLimit() - others - reserved < minimum) {
      throw invalidParameterValue(
        `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${minimum}].`,
      );
    }
    // Lambda's message, spaces included.
    if (reserved < current.provisioned) {
      throw invalidParameterValue(
        ` ReservedConcurrentExecutions  ${reserved} should not be lower than function's total provisioned concurrency [${current.provisioned}].`,
      );
    }
    await putReserved(tx, ref, reserved);
  });
  return { ReservedConcurrentExecutions: reserved };
};

/** Answers `{}` for a function without a reservation, as Lambda does. */
export const GetFunctionConcurrency: OperationHandler<
  GetFunctionConcurrencyRequest,
  GetFunctionConcurrencyResponse
> = async (ctx, input) => {
  const ref = functionRef(ctx, input.FunctionName);
  await getFunctionRow(ctx, { ...ref, qualifier: undefined });
  const { reserved } = await concurrencyLimits(ctx.storage.db, ref);
  return reserved === null ? {} : { ReservedConcurrentExecutions: reserved };
};

export const DeleteFunctionConcurrency: OperationHandler<
  DeleteFunctionConcurrencyRequest,
  Record<string, never>
> = async (ctx, input) => {
  const ref = functionRef(ctx, input.FunctionName);
  await getFunctionRow(ctx, { ...ref, qualifier: undefined });
  await deleteReserved(ctx.storage.db, ref);
  return {};
};
