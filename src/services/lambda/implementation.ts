// AWS Lambda: the control plane for functions ($LATEST only). Invoke, versions, aliases, layers,
// event source mappings and function URLs are not built yet and answer 501 NotImplemented.
import type { OperationHandler, ServiceImplementation } from '../../core/service.js';
import { GetAccountSettings } from './account.js';
import {
  CreateFunction,
  DeleteFunction,
  GetFunction,
  GetFunctionConfiguration,
  ListFunctions,
} from './functions.js';
import { migrations } from './migrations.js';
import { ListTags, TagResource, UntagResource } from './tags.js';
import { UpdateFunctionCode, UpdateFunctionConfiguration } from './updates.js';

const operations: Record<string, OperationHandler> = {
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
};

export const implementation: ServiceImplementation = { operations, migrations };
