// GetAccountSettings: Lambda's default quotas and what the account uses in this region.
import type { GetAccountSettingsRequest, GetAccountSettingsResponse } from '@aws-sdk/client-lambda';
import type { OperationHandler } from '../../core/service.js';
import { CONCURRENT_EXECUTIONS, MAX_UNZIPPED_BYTES, MAX_ZIPPED_BYTES, TOTAL_CODE_SIZE } from './constants.js';
import { accountUsage } from './store-functions.js';
import { layerCodeSize } from './store-layers.js';

/** No function reserves concurrency yet, so all of it is unreserved. Code storage counts layers too. */
export const GetAccountSettings: OperationHandler<
  GetAccountSettingsRequest,
  GetAccountSettingsResponse
> = async (ctx) => {
  const scope = { accountId: ctx.accountId, region: ctx.region };
  const usage = await accountUsage(ctx.storage.db, scope);
  const layers = await layerCodeSize(ctx.storage.db, scope);
  return {
    AccountLimit: {
      TotalCodeSize: TOTAL_CODE_SIZE,
      CodeSizeUnzipped: MAX_UNZIPPED_BYTES,
      CodeSizeZipped: MAX_ZIPPED_BYTES,
      ConcurrentExecutions: CONCURRENT_EXECUTIONS,
      UnreservedConcurrentExecutions: CONCURRENT_EXECUTIONS,
    },
    AccountUsage: { TotalCodeSize: usage.totalCodeSize + layers, FunctionCount: usage.functionCount },
  };
};
