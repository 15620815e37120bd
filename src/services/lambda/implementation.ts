// AWS Lambda: functions ($LATEST only), layers and Invoke. Versions, aliases, event source
// mappings and function URLs are not built yet and answer 501 NotImplemented.
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
import { Invoke } from './invoke.js';
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
import { startRuntimeHost, stopRuntimeHost } from './runtime-host.js';
import { ListTags, TagResource, UntagResource } from './tags.js';
import { UpdateFunctionCode, UpdateFunctionConfiguration } from './updates.js';

const operations: Record<string, OperationHandler> = {
  Invoke,
  AddLayerVersionPermission,
  CreateFunction,
  DeleteFunction,
  DeleteLayerVersion,
  GetAccountSettings,
  GetFunction,
  GetFunctionConfiguration,
  GetLayerVersion,
  GetLayerVersionByArn,
  GetLayerVersionPolicy,
  ListFunctions,
  ListLayers,
  ListLayerVersions,
  ListTags,
  PublishLayerVersion,
  RemoveLayerVersionPermission,
  TagResource,
  UntagResource,
  UpdateFunctionCode,
  UpdateFunctionConfiguration,
};

export const implementation: ServiceImplementation = {
  operations,
  migrations,
  start(env) {
    startRuntimeHost(env.clock);
    registerAsyncInvokes(env);
    registerLayerSweeps(env);
  },
  stop: () => stopRuntimeHost(),
};
