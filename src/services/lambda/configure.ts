// The configuration parameters CreateFunction and UpdateFunctionConfiguration share.
import type { DeadLetterConfig, Environment, Runtime } from '@aws-sdk/client-lambda';
import { DEFAULT_MEMORY_MB } from './constants.js';
import { checkDeadLetterTarget } from './destinations.js';
import {
  checkDescription,
  checkEnvironment,
  checkHandler,
  checkMemorySize,
  checkRole,
  checkRuntime,
  checkTimeout,
} from './validate.js';

export interface ConfigurationInput {
  Runtime?: Runtime | string;
  Handler?: string;
  Role?: string;
  MemorySize?: number;
  Timeout?: number;
  Description?: string;
  Environment?: Environment;
  DeadLetterConfig?: DeadLetterConfig;
}

/**
 * Checks what is given. On create the runtime and role are required; on update an absent member
 * keeps its value, so the handler rule applies to the merged result (see `checkMerged`).
 */
export function checkConfiguration(input: ConfigurationInput, options: { create: boolean }): void {
  if (options.create || input.Runtime !== undefined) checkRuntime(input.Runtime);
  if (options.create || input.Role !== undefined) checkRole(input.Role ?? '');
  if (options.create && input.Runtime) checkHandler(input.Handler, input.Runtime);
  else if (input.Handler !== undefined) checkHandler(input.Handler, input.Runtime ?? '');
  checkMemorySize(input.MemorySize ?? DEFAULT_MEMORY_MB);
  if (input.Timeout !== undefined) checkTimeout(input.Timeout);
  if (input.Description !== undefined) checkDescription(input.Description);
  if (input.Environment?.Variables) checkEnvironment(input.Environment.Variables);
  // An empty TargetArn removes the dead-letter queue.
  if (input.DeadLetterConfig?.TargetArn) checkDeadLetterTarget(input.DeadLetterConfig.TargetArn);
}

/** A function moved to a managed runtime must have a handler by then. */
export function checkMerged(runtime: string | null, handler: string | null): void {
  if (runtime !== null) checkHandler(handler ?? undefined, runtime);
}
