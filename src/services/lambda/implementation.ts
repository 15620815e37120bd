// AWS Lambda: functions, versions, aliases, layers, Invoke, concurrency (reserved and provisioned),
// asynchronous invocation, function URLs, permissions and SQS event source mappings. Every operation not listed here answers
// 501 NotImplemented (docs/coverage.md).
import type { OperationHandler, ServiceImplementation } from '../../core/service.js';
import { GetAccountSettings } from './account.js';
import { registerAsyncInvokes } from './async-invoke.js';
import { DeleteFunctionConcurrency, GetFunctionConcurrency, PutFunctionConcurrency } from './concurrency.js';
import {
  DeleteFunctionEventInvokeConfig,
  GetFunctionEventInvokeConfig,
  ListFunctionEventInvokeConfigs,
  PutFunctionEventInvokeConfig,
  UpdateFunctionEventInvokeConfig,
} from './event-invoke-config.js';
import { CreateAlias, DeleteAlias, GetAlias, ListAliases, UpdateAlias } from './aliases.js';
import {
  CreateFunction,
  DeleteFunction,
  GetFunction,
  GetFunctionConfiguration,
  ListFunctions,
} from './functions.js';
import { Invoke, InvokeAsync } from './invoke.js';
import {
  CreateFunctionUrlConfig,
  DeleteFunctionUrlConfig,
  GetFunctionUrlConfig,
  ListFunctionUrlConfigs,
  UpdateFunctionUrlConfig,
} from './function-urls.js';
import {
  CreateEventSourceMapping,
  DeleteEventSourceMapping,
  GetEventSourceMapping,
  ListEventSourceMappings,
  UpdateEventSourceMapping,
} from './event-source-mappings.js';
import { startEventSourcePollers, stopEventSourcePollers } from './event-source-pollers.js';
import {
  DeleteLayerVersion,
  GetLayerVersion,
  GetLayerVersionByArn,
  ListLayers,
  ListLayerVersions,
  PublishLayerVersion,
} from './layers.js';
import {
  AddLayerVersionPermission,
  GetLayerVersionPolicy,
  RemoveLayerVersionPermission,
} from './layer-policy.js';
import { registerLayerSweeps } from './layer-sweep.js';
import { migrations } from './migrations.js';
import { AddPermission, GetPolicy, RemovePermission } from './permissions.js';
import {
  DeleteProvisionedConcurrencyConfig,
  GetProvisionedConcurrencyConfig,
  ListProvisionedConcurrencyConfigs,
  PutProvisionedConcurrencyConfig,
} from './provisioned-concurrency.js';
import { startProvisionedEnvironments, stopProvisionedEnvironments } from './provisioned-environments.js';
import { invokeReads, startRuntimeHost, stopRuntimeHost } from './runtime-host.js';
import { announceFunctionsChanged } from './invoke-reads.js';
import { ListTags, TagResource, UntagResource } from './tags.js';
import { UpdateFunctionCode, UpdateFunctionConfiguration } from './updates.js';
import { ListVersionsByFunction, PublishVersion } from './versions.js';
import { serveFunctionUrl } from './url-serve.js';

const operations: Record<string, OperationHandler> = {
  Invoke,
  InvokeAsync,
  CreateEventSourceMapping,
  AddLayerVersionPermission,
  CreateFunction,
  DeleteEventSourceMapping,
  DeleteFunction,
  DeleteFunctionConcurrency,
  DeleteFunctionEventInvokeConfig,
  DeleteLayerVersion,
  GetAccountSettings,
  GetEventSourceMapping,
  GetFunction,
  GetFunctionConcurrency,
  GetFunctionConfiguration,
  GetFunctionEventInvokeConfig,
  ListFunctionEventInvokeConfigs,
  ListEventSourceMappings,
  GetLayerVersion,
  GetLayerVersionByArn,
  GetLayerVersionPolicy,
  ListFunctions,
  ListLayers,
  ListLayerVersions,
  ListTags,
  PutFunctionConcurrency,
  PutFunctionEventInvokeConfig,
  PublishLayerVersion,
  RemoveLayerVersionPermission,
  TagResource,
  UntagResource,
  UpdateEventSourceMapping,
  UpdateFunctionCode,
  UpdateFunctionConfiguration,
  UpdateFunctionEventInvokeConfig,
  PublishVersion,
  ListVersionsByFunction,
  CreateAlias,
  GetAlias,
  UpdateAlias,
  DeleteAlias,
  ListAliases,
  CreateFunctionUrlConfig,
  DeleteFunctionUrlConfig,
  GetFunctionUrlConfig,
  ListFunctionUrlConfigs,
  UpdateFunctionUrlConfig,
  AddPermission,
  GetPolicy,
  RemovePermission,
  PutProvisionedConcurrencyConfig,
  GetProvisionedConcurrencyConfig,
  DeleteProvisionedConcurrencyConfig,
  ListProvisionedConcurrencyConfigs,
};

/** Operations that read only; every other one may change what an invoke reads (invoke-reads.ts). */
const READS_ONLY = /^(Get|List|Invoke)/;

/** The operation, after which (done or failed) every node's cached invoke reads are dropped. */
function announcingChanges(handler: OperationHandler): OperationHandler {
  return async (ctx, input) => {
    try {
      return await handler(ctx, input);
    } finally {
      await announceFunctionsChanged(ctx, invokeReads());
    }
  };
}

export const implementation: ServiceImplementation = {
  operations: Object.fromEntries(
    Object.entries(operations).map(([name, handler]) => [
      name,
      READS_ONLY.test(name) ? handler : announcingChanges(handler),
    ]),
  ),
  migrations,
  start(env) {
    startRuntimeHost(env);
    registerAsyncInvokes(env);
    startEventSourcePollers(env);
    registerLayerSweeps(env);
    startProvisionedEnvironments(env);
  },
  async stop() {
    // Pollers first: their batches in flight finish on the environments before those close.
    await stopEventSourcePollers();
    await stopProvisionedEnvironments();
    await stopRuntimeHost();
  },
  serveHttp: serveFunctionUrl,
};
