// AWS Lambda: functions ($LATEST only), Invoke, function URLs and permissions. Versions, aliases,
// layers and event source mappings are not built yet and answer 501 NotImplemented.
import type { OperationHandler, ServiceImplementation } from '../../core/service.js';
import { GetAccountSettings } from './account.js';
import {
  CreateFunction,
  DeleteFunction,
  GetFunction,
  GetFunctionConfiguration,
  ListFunctions,
} from './functions.js';
import { registerAsyncInvokes } from './async-invoke.js';
import {
  CreateFunctionUrlConfig,
  DeleteFunctionUrlConfig,
  GetFunctionUrlConfig,
  ListFunctionUrlConfigs,
  UpdateFunctionUrlConfig,
} from './function-urls.js';
import { Invoke } from './invoke.js';
import { migrations } from './migrations.js';
import { AddPermission, GetPolicy, RemovePermission } from './permissions.js';
import { startRuntimeHost, stopRuntimeHost } from './runtime-host.js';
import { ListTags, TagResource, UntagResource } from './tags.js';
import { UpdateFunctionCode, UpdateFunctionConfiguration } from './updates.js';
import { serveFunctionUrl } from './url-serve.js';

const operations: Record<string, OperationHandler> = {
  Invoke,
  CreateFunction,
  DeleteFunction,
  GetAccountSettings,
  GetFunction,
  GetFunctionConfiguration,
  ListFunctions,
  ListTags,
  TagResource,
  UntagResource,
  UpdateFunctionCode,
  UpdateFunctionConfiguration,
  CreateFunctionUrlConfig,
  DeleteFunctionUrlConfig,
  GetFunctionUrlConfig,
  ListFunctionUrlConfigs,
  UpdateFunctionUrlConfig,
  AddPermission,
  GetPolicy,
  RemovePermission,
};

export const implementation: ServiceImplementation = {
  operations,
  migrations,
  start(env) {
    startRuntimeHost(env.clock);
    registerAsyncInvokes(env);
  },
  stop: () => stopRuntimeHost(),
  serveHttp: serveFunctionUrl,
};
