// AWS Lambda: functions, versions, aliases and Invoke. Layers, event source mappings and function
// URLs are not built yet and answer 501 NotImplemented.
import type { OperationHandler, ServiceImplementation } from '../../core/service.js';
import { GetAccountSettings } from './account.js';
import { CreateAlias, DeleteAlias, GetAlias, ListAliases, UpdateAlias } from './aliases.js';
import {
  CreateFunction,
  DeleteFunction,
  GetFunction,
  GetFunctionConfiguration,
  ListFunctions,
} from './functions.js';
import { registerAsyncInvokes } from './async-invoke.js';
import { Invoke } from './invoke.js';
import { migrations } from './migrations.js';
import { startRuntimeHost, stopRuntimeHost } from './runtime-host.js';
import { ListTags, TagResource, UntagResource } from './tags.js';
import { UpdateFunctionCode, UpdateFunctionConfiguration } from './updates.js';
import { ListVersionsByFunction, PublishVersion } from './versions.js';

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
  PublishVersion,
  ListVersionsByFunction,
  CreateAlias,
  GetAlias,
  UpdateAlias,
  DeleteAlias,
  ListAliases,
};

export const implementation: ServiceImplementation = {
  operations,
  migrations,
  start(env) {
    startRuntimeHost(env.clock);
    registerAsyncInvokes(env);
  },
  stop: () => stopRuntimeHost(),
};
