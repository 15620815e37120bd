// AddLayerVersionPermission, RemoveLayerVersionPermission, GetLayerVersionPolicy: a layer version's
// resource-based policy, which lets other accounts use it (lambda:GetLayerVersion). Each change
// gives the policy a new RevisionId; a RevisionId given by the caller must be the current one.
import { randomUUID } from 'node:crypto';
import type {
  AddLayerVersionPermissionRequest,
  AddLayerVersionPermissionResponse,
  GetLayerVersionPolicyRequest,
  GetLayerVersionPolicyResponse,
  RemoveLayerVersionPermissionRequest,
} from '@aws-sdk/client-lambda';
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { layerPolicyRevisionMismatch, layerVersionNotFound, validationError } from './errors.js';
import { layerVersionArn, layerVersionKey, ownLayer, parseLayerName } from './layer-names.js';
import {
  findLayerVersion,
  updateLayerPolicy,
  type LayerVersionKey,
  type LayerVersionRow,
} from './store-layers.js';

interface Statement {
  Sid: string;
  Effect: 'Allow';
  Principal: '*' | { AWS: string };
  Action: string;
  Resource: string;
  Condition?: { StringEquals: { 'aws:PrincipalOrgID': string } };
}

const STATEMENT_ID = /^[a-zA-Z0-9-_]{1,100}$/;
const ACTION = 'lambda:GetLayerVersion';
const PRINCIPAL_PATTERN = '\\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root';
const PRINCIPAL = new RegExp(`^(?:${PRINCIPAL_PATTERN})$`);
const ORGANIZATION_PATTERN = 'o-[a-z0-9]{10,32}';
const ORGANIZATION = new RegExp(`^${ORGANIZATION_PATTERN}$`);

function statementsOf(row: LayerVersionRow): Statement[] {
  return row.policy === null ? [] : (JSON.parse(row.policy) as Statement[]);
}

/** Nubis has no AWS Organizations, so a statement limited to an organization grants nobody. */
function grants(statement: Statement, accountId: string): boolean {
  if (statement.Condition) return false;
  return statement.Principal === '*' || statement.Principal.AWS === `arn:aws:iam::${accountId}:root`;
}

/** A live version the caller may use: its own, or one whose policy grants the caller's account. */
export async function readableLayerVersion(
  ctx: RequestContext,
  key: LayerVersionKey,
): Promise<LayerVersionRow | undefined> {
  const row = await findLayerVersion(ctx.storage.db, key);
  if (!row || row.account_id === ctx.accountId) return row;
  return statementsOf(row).some((statement) => grants(statement, ctx.accountId)) ? row : undefined;
}

function checkPermissionInput(input: AddLayerVersionPermissionRequest): void {
  const sid = input.StatementId ?? '';
  if (!STATEMENT_ID.test(sid)) {
    throw validationError(
      sid,
      'statementId',
      'Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)',
    );
  }
  if (input.Action !== ACTION) {
    throw validationError(
      input.Action,
      'action',
      `Member must satisfy regular expression pattern: ${ACTION}`,
    );
  }
  if (!PRINCIPAL.test(input.Principal ?? '')) {
    throw validationError(
      input.Principal,
      'principal',
      `Member must satisfy regular expression pattern: ${PRINCIPAL_PATTERN}`,
    );
  }
  if (input.OrganizationId !== undefined && !ORGANIZATION.test(input.OrganizationId)) {
    const constraint = `Member must satisfy regular expression pattern: ${ORGANIZATION_PATTERN}`;
    throw validationError(input.OrganizationId, 'organizationId', constraint);
  }
}

function statementFor(input: AddLayerVersionPermissionRequest, resource: string): Statement {
  const principal = input.Principal ?? '*';
  const account = /^\d{12}$/.test(principal) ? `arn:aws:iam::${principal}:root` : principal;
  return {
    Sid: input.StatementId ?? '',
    Effect: 'Allow',
    Principal: account === '*' ? '*' : { AWS: account },
    Action: ACTION,
    Resource: resource,
    ...(input.OrganizationId
      ? { Condition: { StringEquals: { 'aws:PrincipalOrgID': input.OrganizationId } } }
      : {}),
  };
}

/** Changes the locked version's statements under the revision rule; answers the new RevisionId. */
async function changePolicy(
  ctx: RequestContext,
  key: LayerVersionKey,
  revisionId: string | undefined,
  change: (statements: Statement[]) => Statement[],
): Promise<string> {
  return ctx.storage.db.transaction(async (tx) => {
    const row = await findLayerVersion(tx, key, { lock: true });
    if (!row) throw layerVersionNotFound(layerVersionArn(key));
    if (revisionId !== undefined && revisionId !== row.policy_revision_id)
      throw layerPolicyRevisionMismatch();
    const statements = change(statementsOf(row));
    const next = randomUUID();
    await updateLayerPolicy(tx, key, {
      statements: statements.length > 0 ? JSON.stringify(statements) : null,
      revisionId: next,
    });
    return next;
  });
}

function versionOf(
  ctx: RequestContext,
  input: { LayerName?: string; VersionNumber?: number },
  action: string,
) {
  const key = ownLayer(ctx, parseLayerName(ctx, input.LayerName ?? ''), action);
  return layerVersionKey(key, input.VersionNumber);
}

export const AddLayerVersionPermission: OperationHandler<
  AddLayerVersionPermissionRequest,
  AddLayerVersionPermissionResponse
> = async (ctx, input) => {
  checkPermissionInput(input);
  const key = versionOf(ctx, input, 'AddLayerVersionPermission');
  const statement = statementFor(input, layerVersionArn(key));
  const revisionId = await changePolicy(ctx, key, input.RevisionId, (statements) => {
    if (statements.some((existing) => existing.Sid === statement.Sid)) {
      throw new AwsError(
        'ResourceConflictException',
        `The statement id (${statement.Sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
        { status: 409 },
      );
    }
    return [...statements, statement];
  });
  return { Statement: JSON.stringify(statement), RevisionId: revisionId };
};

export const RemoveLayerVersionPermission: OperationHandler<
  RemoveLayerVersionPermissionRequest,
  Record<string, never>
> = async (ctx, input) => {
  const key = versionOf(ctx, input, 'RemoveLayerVersionPermission');
  await changePolicy(ctx, key, input.RevisionId, (statements) => {
    const remaining = statements.filter((statement) => statement.Sid !== input.StatementId);
    if (remaining.length === statements.length) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Statement ${input.StatementId ?? ''} is not found in resource policy.`,
        { status: 404 },
      );
    }
    return remaining;
  });
  return {};
};

export const GetLayerVersionPolicy: OperationHandler<
  GetLayerVersionPolicyRequest,
  GetLayerVersionPolicyResponse
> = async (ctx, input) => {
  const key = versionOf(ctx, input, 'GetLayerVersionPolicy');
  const row = await findLayerVersion(ctx.storage.db, key);
  if (!row) throw layerVersionNotFound(layerVersionArn(key));
  if (row.policy === null) {
    throw new AwsError('ResourceNotFoundException', 'No policy is associated with the given resource.', {
      status: 404,
    });
  }
  const policy = { Version: '2012-10-17', Id: 'default', Statement: statementsOf(row) };
  return { Policy: JSON.stringify(policy), RevisionId: row.policy_revision_id ?? undefined };
};
