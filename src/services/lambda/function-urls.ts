// CreateFunctionUrlConfig, GetFunctionUrlConfig, UpdateFunctionUrlConfig, DeleteFunctionUrlConfig,
// ListFunctionUrlConfigs. One URL per function and qualifier (an alias name, or none for $LATEST).
// InvokeMode RESPONSE_STREAM is stored and reported, but the URL answers it buffered.
import { randomBytes } from 'node:crypto';
import type {
  CreateFunctionUrlConfigRequest,
  CreateFunctionUrlConfigResponse,
  DeleteFunctionUrlConfigRequest,
  GetFunctionUrlConfigRequest,
  GetFunctionUrlConfigResponse,
  ListFunctionUrlConfigsRequest,
  ListFunctionUrlConfigsResponse,
  UpdateFunctionUrlConfigRequest,
  UpdateFunctionUrlConfigResponse,
} from '@aws-sdk/client-lambda';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import { MAX_PAGE } from './constants.js';
import { resourceConflict, resourceNotFound, validationError } from './errors.js';
import { ANY_NAME } from './functions.js';
import { checkUrlMembers, checkUrlQualifier, toUrlConfig, urlFunctionArn } from './function-url-config.js';
import { parseFunctionName, resolveQualifier } from './names.js';
import { fromMarker, pageOf } from './pagination.js';
import {
  deleteFunctionUrl,
  findFunctionUrl,
  insertFunctionUrl,
  listFunctionUrls,
  updateFunctionUrl,
  type UrlKey,
} from './store-function-urls.js';
import { findFunction } from './store-functions.js';

const FUNCTION_MISSING = 'Function does not exist';

/** The URL's key; the function (and alias, once aliases resolve) must exist. */
async function urlKey(
  ctx: RequestContext,
  input: { FunctionName?: string; Qualifier?: string },
  missing?: string,
): Promise<UrlKey> {
  const named = parseFunctionName(ctx, input.FunctionName ?? '', ANY_NAME);
  const qualifier = input.Qualifier ?? named.qualifier;
  checkUrlQualifier(qualifier);
  const ref = resolveQualifier(named, input.Qualifier);
  if (!(await findFunction(ctx.storage.db, ref))) throw resourceNotFound(missing);
  return { accountId: ref.accountId, region: ref.region, name: ref.name, qualifier: qualifier ?? '' };
}

export const CreateFunctionUrlConfig: OperationHandler<
  CreateFunctionUrlConfigRequest,
  CreateFunctionUrlConfigResponse
> = async (ctx, input) => {
  checkUrlMembers(input);
  const key = await urlKey(ctx, input, FUNCTION_MISSING);
  const now = ctx.clock.now();
  const row = {
    url_id: randomBytes(16).toString('hex'),
    account_id: key.accountId,
    region: key.region,
    function_name: key.name,
    qualifier: key.qualifier,
    auth_type: input.AuthType ?? 'NONE',
    cors: input.Cors ? JSON.stringify(input.Cors) : null,
    invoke_mode: input.InvokeMode ?? 'BUFFERED',
    created_at: now,
    modified_at: now,
  };
  if (!(await insertFunctionUrl(ctx.storage.db, row))) {
    throw resourceConflict(
      `Failed to create function url config for [functionArn = ${urlFunctionArn(row)}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
    );
  }
  const { LastModifiedTime: _, ...created } = toUrlConfig(ctx.config, row);
  return created;
};

export const GetFunctionUrlConfig: OperationHandler<
  GetFunctionUrlConfigRequest,
  GetFunctionUrlConfigResponse
> = async (ctx, input) => {
  const row = await findFunctionUrl(ctx.storage.db, await urlKey(ctx, input));
  if (!row) throw resourceNotFound();
  return toUrlConfig(ctx.config, row);
};

/** Members left out keep their values; a Cors given replaces the whole structure. */
export const UpdateFunctionUrlConfig: OperationHandler<
  UpdateFunctionUrlConfigRequest,
  UpdateFunctionUrlConfigResponse
> = async (ctx, input) => {
  checkUrlMembers(input);
  const key = await urlKey(ctx, input, FUNCTION_MISSING);
  const updated = await ctx.storage.db.transaction(async (tx) => {
    const current = await findFunctionUrl(tx, key);
    if (!current) throw resourceNotFound();
    return updateFunctionUrl(tx, key, {
      auth_type: input.AuthType ?? current.auth_type,
      cors: input.Cors ? JSON.stringify(input.Cors) : current.cors,
      invoke_mode: input.InvokeMode ?? current.invoke_mode,
      modified_at: ctx.clock.now(),
    });
  });
  if (!updated) throw resourceNotFound();
  return toUrlConfig(ctx.config, updated);
};

/** The URL's address is gone for good: a new URL gets a new url-id. */
export const DeleteFunctionUrlConfig: OperationHandler<
  DeleteFunctionUrlConfigRequest,
  Record<string, never>
> = async (ctx, input) => {
  if (!(await deleteFunctionUrl(ctx.storage.db, await urlKey(ctx, input)))) throw resourceNotFound();
  return {};
};

export const ListFunctionUrlConfigs: OperationHandler<
  ListFunctionUrlConfigsRequest,
  ListFunctionUrlConfigsResponse
> = async (ctx, input) => {
  const ref = parseFunctionName(ctx, input.FunctionName ?? '', { qualifierAllowed: false, maxLength: 140 });
  const limit = input.MaxItems ?? MAX_PAGE;
  if (limit < 1 || limit > MAX_PAGE) {
    const bound = limit < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_PAGE}`;
    throw validationError(limit, 'maxItems', `Member must have value ${bound}`);
  }
  if (!(await findFunction(ctx.storage.db, ref))) throw resourceNotFound(FUNCTION_MISSING);
  const rows = await listFunctionUrls(ctx.storage.db, {
    accountId: ref.accountId,
    region: ref.region,
    name: ref.name,
    after: input.Marker === undefined ? undefined : fromMarker(input.Marker),
    limit: limit + 1,
  });
  const { page, nextMarker } = pageOf(rows, limit, (row) => row.qualifier);
  return {
    FunctionUrlConfigs: page.map((row) => toUrlConfig(ctx.config, row)),
    NextMarker: nextMarker,
  };
};
