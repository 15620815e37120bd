// Asynchronous invocation configuration: PutFunctionEventInvokeConfig (replaces),
// UpdateFunctionEventInvokeConfig (changes what is given), Get, Delete and List. One config per
// function qualifier; an unqualified name means `$LATEST`.
import type {
  DeleteFunctionEventInvokeConfigRequest,
  DestinationConfig,
  FunctionEventInvokeConfig,
  GetFunctionEventInvokeConfigRequest,
  ListFunctionEventInvokeConfigsRequest,
  ListFunctionEventInvokeConfigsResponse,
  PutFunctionEventInvokeConfigRequest,
} from '@aws-sdk/client-lambda';
import { AwsError } from '../../core/aws-error.js';
import type { OperationHandler, RequestContext } from '../../core/service.js';
import type { Database } from '../../storage/types.js';
import { getFunctionRow } from './change.js';
import { LATEST } from './constants.js';
import { checkDestination } from './destinations.js';
import { invalidParameterValue, validationError } from './errors.js';
import { ANY_NAME } from './functions.js';
import { functionArn, parseFunctionName, resolveQualifier } from './names.js';
import { fromMarker, pageOf } from './pagination.js';
import {
  deleteInvokeConfig,
  findInvokeConfig,
  listInvokeConfigs,
  saveInvokeConfig,
  type InvokeConfigKey,
  type InvokeConfigRow,
} from './store-invoke-configs.js';

const MAX_RETRY_ATTEMPTS = 2;
const MIN_EVENT_AGE_S = 60;
const MAX_EVENT_AGE_S = 21_600;
const MAX_LIST_ITEMS = 50;

function qualifiedArn(key: InvokeConfigKey): string {
  return `${functionArn(key)}:${key.qualifier}`;
}

function notFound(key: InvokeConfigKey): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    `The function ${qualifiedArn(key)} doesn't have an EventInvokeConfig`,
    { status: 404 },
  );
}

/** The config's key; the function (and the version or alias named) must exist. */
async function configKey(
  ctx: RequestContext,
  input: { FunctionName?: string; Qualifier?: string },
): Promise<InvokeConfigKey> {
  const ref = resolveQualifier(parseFunctionName(ctx, input.FunctionName ?? '', ANY_NAME), input.Qualifier);
  await getFunctionRow(ctx, ref);
  return { accountId: ref.accountId, region: ref.region, name: ref.name, qualifier: ref.qualifier ?? LATEST };
}

function checkLimits(input: PutFunctionEventInvokeConfigRequest, functionName: string): void {
  const {
    MaximumRetryAttempts: retries,
    MaximumEventAgeInSeconds: age,
    DestinationConfig: destinations,
  } = input;
  if (retries === undefined && age === undefined && destinations === undefined)
    throw invalidParameterValue('You must specify at least one of error handling or destination setting.');
  if (retries !== undefined && (retries < 0 || retries > MAX_RETRY_ATTEMPTS)) {
    const bound = retries < 0 ? 'greater than or equal to 0' : `less than or equal to ${MAX_RETRY_ATTEMPTS}`;
    throw validationError(retries, 'maximumRetryAttempts', `Member must have value ${bound}`);
  }
  if (age !== undefined && (age < MIN_EVENT_AGE_S || age > MAX_EVENT_AGE_S)) {
    const bound =
      age < MIN_EVENT_AGE_S
        ? `greater than or equal to ${MIN_EVENT_AGE_S}`
        : `less than or equal to ${MAX_EVENT_AGE_S}`;
    throw validationError(age, 'maximumEventAgeInSeconds', `Member must have value ${bound}`);
  }
  const onSuccess = destinations?.OnSuccess?.Destination;
  const onFailure = destinations?.OnFailure?.Destination;
  if (onSuccess) checkDestination(onSuccess, 'destinationConfig.onSuccess.destination', functionName);
  if (onFailure) checkDestination(onFailure, 'destinationConfig.onFailure.destination', functionName);
}

function toOutput(key: InvokeConfigKey, row: InvokeConfigRow): FunctionEventInvokeConfig {
  return {
    LastModified: new Date(row.modified_at),
    FunctionArn: qualifiedArn({ ...key, qualifier: row.qualifier }),
    MaximumRetryAttempts: row.maximum_retry_attempts ?? undefined,
    MaximumEventAgeInSeconds: row.maximum_event_age_s ?? undefined,
    DestinationConfig: {
      OnSuccess: row.on_success ? { Destination: row.on_success } : {},
      OnFailure: row.on_failure ? { Destination: row.on_failure } : {},
    },
  };
}

function destinationsOf(
  config: DestinationConfig | undefined,
): Pick<InvokeConfigRow, 'on_success' | 'on_failure'> {
  return {
    on_success: config?.OnSuccess?.Destination || null,
    on_failure: config?.OnFailure?.Destination || null,
  };
}

export const PutFunctionEventInvokeConfig: OperationHandler<
  PutFunctionEventInvokeConfigRequest,
  FunctionEventInvokeConfig
> = async (ctx, input) => {
  const key = await configKey(ctx, input);
  checkLimits(input, key.name);
  const row: InvokeConfigRow = {
    qualifier: key.qualifier,
    maximum_retry_attempts: input.MaximumRetryAttempts ?? null,
    maximum_event_age_s: input.MaximumEventAgeInSeconds ?? null,
    ...destinationsOf(input.DestinationConfig),
    modified_at: ctx.clock.now(),
  };
  await saveInvokeConfig(ctx.storage.db, key, row);
  return toOutput(key, row);
};

export const UpdateFunctionEventInvokeConfig: OperationHandler<
  PutFunctionEventInvokeConfigRequest,
  FunctionEventInvokeConfig
> = async (ctx, input) => {
  const key = await configKey(ctx, input);
  checkLimits(input, key.name);
  const row = await ctx.storage.db.transaction(async (tx) => {
    const current = await findInvokeConfig(tx, key);
    if (!current) throw notFound(key);
    const next: InvokeConfigRow = {
      qualifier: key.qualifier,
      maximum_retry_attempts: input.MaximumRetryAttempts ?? current.maximum_retry_attempts,
      maximum_event_age_s: input.MaximumEventAgeInSeconds ?? current.maximum_event_age_s,
      ...(input.DestinationConfig
        ? destinationsOf(input.DestinationConfig)
        : { on_success: current.on_success, on_failure: current.on_failure }),
      modified_at: ctx.clock.now(),
    };
    await saveInvokeConfig(tx, key, next);
    return next;
  });
  return toOutput(key, row);
};

export const GetFunctionEventInvokeConfig: OperationHandler<
  GetFunctionEventInvokeConfigRequest,
  FunctionEventInvokeConfig
> = async (ctx, input) => {
  const key = await configKey(ctx, input);
  const row = await findInvokeConfig(ctx.storage.db, key);
  if (!row) throw notFound(key);
  return toOutput(key, row);
};

export const DeleteFunctionEventInvokeConfig: OperationHandler<
  DeleteFunctionEventInvokeConfigRequest,
  Record<string, never>
> = async (ctx, input) => {
  const key = await configKey(ctx, input);
  if (!(await deleteInvokeConfig(ctx.storage.db, key))) throw notFound(key);
  return {};
};

export const ListFunctionEventInvokeConfigs: OperationHandler<
  ListFunctionEventInvokeConfigsRequest,
  ListFunctionEventInvokeConfigsResponse
> = async (ctx, input) => {
  const key = await configKey(ctx, { FunctionName: input.FunctionName });
  const limit = input.MaxItems ?? MAX_LIST_ITEMS;
  if (limit < 1 || limit > MAX_LIST_ITEMS) {
    const bound = limit < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_LIST_ITEMS}`;
    throw validationError(limit, 'maxItems', `Member must have value ${bound}`);
  }
  const after = input.Marker === undefined ? '' : fromMarker(input.Marker);
  const rows = await listInvokeConfigs(ctx.storage.db, key, { after, limit: limit + 1 });
  const { page, nextMarker } = pageOf(rows, limit, (row) => row.qualifier);
  return {
    FunctionEventInvokeConfigs: page.map((row) => toOutput(key, row)),
    NextMarker: nextMarker,
  };
};

/** The settings an asynchronous invocation of `key` runs under, with Lambda's defaults. */
export interface AsyncSettings {
  maximumRetryAttempts: number;
  maximumEventAgeMs: number;
  onSuccess: string | undefined;
  onFailure: string | undefined;
}

export async function asyncSettings(db: Database, key: InvokeConfigKey): Promise<AsyncSettings> {
  const row = await findInvokeConfig(db, key);
  return {
    maximumRetryAttempts: row?.maximum_retry_attempts ?? MAX_RETRY_ATTEMPTS,
    maximumEventAgeMs: (row?.maximum_event_age_s ?? MAX_EVENT_AGE_S) * 1000,
    onSuccess: row?.on_success ?? undefined,
    onFailure: row?.on_failure ?? undefined,
  };
}
