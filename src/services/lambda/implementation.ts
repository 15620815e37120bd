// AWS Lambda: functions ($LATEST only), Invoke, and event source mappings of SQS queues. Versions,
// aliases, layers and function URLs are not built yet and answer 501 NotImplemented.
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
  CreateEventSourceMapping,
  DeleteEventSourceMapping,
  GetEventSourceMapping,
  ListEventSourceMappings,
  UpdateEventSourceMapping,
} from './event-source-mappings.js';
import { startEventSourcePollers, stopEventSourcePollers } from './event-source-pollers.js';
import { Invoke } from './invoke.js';
import { migrations } from './migrations.js';
import { startRuntimeHost, stopRuntimeHost } from './runtime-host.js';
import { ListTags, TagResource, UntagResource } from './tags.js';
import { UpdateFunctionCode, UpdateFunctionConfiguration } from './updates.js';

const operations: Record<string, OperationHandler> = {
  Invoke,
  CreateEventSourceMapping,
  CreateFunction,
  DeleteEventSourceMapping,
  DeleteFunction,
  GetAccountSettings,
  GetEventSourceMapping,
  GetFunction,
  GetFunctionConfiguration,
  ListEventSourceMappings,
  ListFunctions,
  ListTags,
  TagResource,
  UntagResource,
  UpdateEventSourceMapping,
  UpdateFunctionCode,
  UpdateFunctionConfiguration,
};

export const implementation: ServiceImplementation = {
  operations,
  migrations,
  start(env) {
    startRuntimeHost(env.clock);
    registerAsyncInvokes(env);
    startEventSourcePollers(env);
  },
  async stop() {
    // Pollers first: their batches in flight finish on the environments before those close.
    await stopEventSourcePollers();
    await stopRuntimeHost();
  },
};
