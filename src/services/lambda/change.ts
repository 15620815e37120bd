// Reading a function and changing it under Lambda's revision rules.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import { functionNotFound, revisionMismatch } from './errors.js';
import { functionArn, type FunctionRef } from './names.js';
import { findFunction, lockFunction, updateFunction, type FunctionRow } from './store-functions.js';

export async function getFunctionRow(ctx: RequestContext, ref: FunctionRef): Promise<FunctionRow> {
  const row = await findFunction(ctx.storage.db, ref);
  if (!row) throw functionNotFound(functionArn(ref));
  return row;
}

/**
 * Applies `change` to the locked row with a new RevisionId. A `revisionId` given by the caller must
 * be the current one (Lambda's optimistic locking, PreconditionFailedException otherwise).
 * `change` runs inside the transaction and may write related rows through `tx` (a policy
 * statement). Returns the row before and after the change.
 */
export async function changeFunction(
  ctx: RequestContext,
  ref: FunctionRef,
  revisionId: string | undefined,
  change: (row: FunctionRow, tx: Database) => Partial<FunctionRow> | Promise<Partial<FunctionRow>>,
): Promise<{ before: FunctionRow; after: FunctionRow }> {
  return ctx.storage.db.transaction(async (tx) => {
    const before = await lockFunction(tx, ref);
    if (!before) throw functionNotFound(functionArn(ref));
    if (revisionId !== undefined && revisionId !== before.revision_id) throw revisionMismatch();
    const after: FunctionRow = {
      ...before,
      revision_id: randomUUID(),
      modified_at: ctx.clock.now(),
      ...(await change(before, tx)),
    };
    await updateFunction(tx, after);
    return { before, after };
  });
}
