// GetAccountSettings: Lambda's quotas and what the account uses in this region.
import type { GetAccountSettingsRequest, GetAccountSettingsResponse } from '@aws-sdk/client-lambda';
import type { OperationHandler } from '../../core/service.js';
import { MAX_UNZIPPED_BYTES, MAX_ZIPPED_BYTES, TOTAL_CODE_SIZE } from './constants.js';
import { accountConcurrencyLimit } from './settings.js';
import { concurrencyLimits } from './store-concurrency.js';
import { accountUsage } from './store-functions.js';
import { versionsCodeSize } from './store-versions.js';
import { layerCodeSize } from './store-layers.js';

/** Every version's code and every layer's counts in TotalCodeSize. */
export const GetAccountSettings: OperationHandler<
  GetAccountSettingsRequest,
  GetAccountSettingsResponse
> = async (ctx) => {
  const scope = { accountId: ctx.accountId, region: ctx.region };
  const usage = await accountUsage(ctx.storage.db, scope);
  const versions = await versionsCodeSize(ctx.storage.db, scope);
  const { allocated } = await concurrencyLimits(ctx.storage.db, { ...scope, name: '' });
  const limit = accountConcurrencyLimit();
  const layers = await layerCodeSize(ctx.storage.db, scope);
  return {
    AccountLimit: {
      TotalCodeSize: TOTAL_CODE_SIZE,
      CodeSizeUnzipped: MAX_UNZIPPED_BYTES,
      CodeSizeZipped: MAX_ZIPPED_BYTES,
      ConcurrentExecutions: limit,
      // Lambda's allocated concurrency: reservations, and provisioned concurrency outside them.
      UnreservedConcurrentExecutions: limit - allocated,
    },
    AccountUsage: {
      TotalCodeSize: usage.totalCodeSize + versions + layers,
      FunctionCount: usage.functionCount,
    },
  };
};
