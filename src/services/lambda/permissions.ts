// AddPermission, RemovePermission, GetPolicy: the function's resource-based policy. Each change
// gives the function a new RevisionId (a caller's RevisionId must be the current one) and leaves
// LastModified alone. Nubis records the policy but does not enforce it: there is no IAM to check
// callers against, so every caller may invoke (a URL with AuthType NONE needs no
// lambda:InvokeFunctionUrl statement, which CDK's addFunctionUrl and the console add anyway).
import type {
  AddPermissionRequest,
  AddPermissionResponse,
  GetPolicyRequest,
  GetPolicyResponse,
  RemovePermissionRequest,
} from '@aws-sdk/client-lambda';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { changeFunction, getFunctionRow } from './change.js';
import { LATEST } from './constants.js';
import { invalidParameterValue, resourceConflict, resourceNotFound } from './errors.js';
import { ANY_NAME } from './functions.js';
import { functionArn, parseFunctionName, resolveQualifier, type FunctionRef } from './names.js';
import { checkPermission, policyDocument, policyStatement } from './policy.js';
import { deletePermission, insertPermission, listPermissions, type PolicyKey } from './store-permissions.js';

function policyRef(ctx: RequestContext, input: { FunctionName?: string; Qualifier?: string }): FunctionRef {
  return resolveQualifier(parseFunctionName(ctx, input.FunctionName ?? '', ANY_NAME), input.Qualifier);
}

function policyKey(ref: FunctionRef): PolicyKey {
  return { accountId: ref.accountId, region: ref.region, name: ref.name, qualifier: ref.qualifier ?? '' };
}

function resourceArn(ref: FunctionRef): string {
  return ref.qualifier === undefined ? functionArn(ref) : `${functionArn(ref)}:${ref.qualifier}`;
}

export const AddPermission: OperationHandler<AddPermissionRequest, AddPermissionResponse> = async (
  ctx,
  input,
) => {
  const ref = policyRef(ctx, input);
  if (ref.qualifier === LATEST)
    throw invalidParameterValue('We currently do not support adding policies for $LATEST.');
  checkPermission(input);
  const statement = policyStatement(input, resourceArn(ref));
  const json = JSON.stringify(statement);
  await changeFunction(ctx, ref, input.RevisionId, async (row, tx) => {
    if (!(await insertPermission(tx, policyKey(ref), { id: input.StatementId ?? '', json }))) {
      throw resourceConflict(
        `The statement id (${input.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
      );
    }
    return { modified_at: row.modified_at };
  });
  return { Statement: json };
};

export const RemovePermission: OperationHandler<RemovePermissionRequest, Record<string, never>> = async (
  ctx,
  input,
) => {
  const ref = policyRef(ctx, input);
  const statementId = input.StatementId ?? '';
  await changeFunction(ctx, ref, input.RevisionId, async (row, tx) => {
    const key = policyKey(ref);
    if ((await listPermissions(tx, key)).length === 0)
      throw resourceNotFound('No policy is associated with the given resource.');
    if (!(await deletePermission(tx, key, statementId)))
      throw resourceNotFound(`Statement ${statementId} is not found in resource policy.`);
    return { modified_at: row.modified_at };
  });
  return {};
};

/** RevisionId is the function's: the one AddPermission and RemovePermission check. */
export const GetPolicy: OperationHandler<GetPolicyRequest, GetPolicyResponse> = async (ctx, input) => {
  const ref = policyRef(ctx, input);
  const row = await getFunctionRow(ctx, ref);
  const statements = await listPermissions(ctx.storage.db, policyKey(ref));
  if (statements.length === 0) throw resourceNotFound();
  return { Policy: policyDocument(statements), RevisionId: row.revision_id };
};
