// Checks of configuration parameters, with the codes and messages Lambda answers with.
import { NODE_RUNTIMES, PROVIDED_RUNTIMES, PYTHON_RUNTIMES } from '../../runtimes/runtimes.js';
import {
  MAX_DESCRIPTION_LENGTH,
  MAX_ENVIRONMENT_BYTES,
  MAX_MEMORY_MB,
  MAX_TIMEOUT_S,
  MIN_MEMORY_MB,
} from './constants.js';
import { invalidParameterValue, validationError } from './errors.js';

const SUPPORTED_RUNTIMES = [...NODE_RUNTIMES, ...PYTHON_RUNTIMES, ...PROVIDED_RUNTIMES];
const ROLE_PATTERN = 'arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+';
const ROLE = new RegExp(`^${ROLE_PATTERN}$`);
const HANDLER = /^[^\s]{1,128}$/;
const VARIABLE_NAME = /^[a-zA-Z]([a-zA-Z0-9_])+$/;

/** Variables the runtime sets itself; Lambda refuses them in Environment.Variables. */
const RESERVED_VARIABLES = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

export function isProvided(runtime: string | null | undefined): boolean {
  return runtime !== null && runtime !== undefined && PROVIDED_RUNTIMES.includes(runtime);
}

/** The newest runtime of the same language, as Lambda recommends for a deprecated one. */
function recommendation(runtime: string): string {
  const family = runtime.startsWith('python')
    ? PYTHON_RUNTIMES
    : runtime.startsWith('provided')
      ? PROVIDED_RUNTIMES
      : NODE_RUNTIMES;
  return family[family.length - 1] ?? 'nodejs20.x';
}

/** Lambda's answer to a runtime it no longer accepts; Nubis gives it for every runtime it cannot run. */
export function checkRuntime(runtime: string | undefined): void {
  if (runtime === undefined)
    throw invalidParameterValue('Runtime is required for .zip file archive deployment packages.');
  if (SUPPORTED_RUNTIMES.includes(runtime)) return;
  throw invalidParameterValue(
    `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. ` +
      `We recommend you use the new runtime (${recommendation(runtime)}) while creating or updating functions.`,
  );
}

/** A .zip function of a managed runtime needs a handler; `provided.*` runs its `bootstrap` instead. */
export function checkHandler(handler: string | undefined, runtime: string): void {
  if (handler === undefined) {
    if (!isProvided(runtime)) throw invalidParameterValue('Handler is required.');
    return;
  }
  if (!HANDLER.test(handler)) {
    const constraint =
      handler.length > 128
        ? 'Member must have length less than or equal to 128'
        : 'Member must satisfy regular expression pattern: [^\\s]+';
    throw validationError(handler, 'handler', constraint);
  }
}

/** Any IAM role ARN is accepted: Nubis does not check that the role exists or trusts Lambda. */
export function checkRole(role: string): void {
  if (!ROLE.test(role)) {
    throw validationError(role, 'role', `Member must satisfy regular expression pattern: ${ROLE_PATTERN}`);
  }
}

export function checkMemorySize(memory: number): void {
  if (memory < MIN_MEMORY_MB)
    throw validationError(
      memory,
      'memorySize',
      `Member must have value greater than or equal to ${MIN_MEMORY_MB}`,
    );
  if (memory > MAX_MEMORY_MB)
    throw validationError(
      memory,
      'memorySize',
      `Member must have value less than or equal to ${MAX_MEMORY_MB}`,
    );
}

export function checkTimeout(timeout: number): void {
  if (timeout < 1)
    throw validationError(timeout, 'timeout', 'Member must have value greater than or equal to 1');
  if (timeout > MAX_TIMEOUT_S)
    throw validationError(
      timeout,
      'timeout',
      `Member must have value less than or equal to ${MAX_TIMEOUT_S}`,
    );
}

export function checkDescription(description: string): void {
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    throw validationError(
      description,
      'description',
      `Member must have length less than or equal to ${MAX_DESCRIPTION_LENGTH}`,
    );
  }
}

/** Lambda measures the variables as JSON against 4 KB and quotes what it measured. */
export function checkEnvironment(variables: Record<string, string>): void {
  const reserved = Object.keys(variables).filter((key) => RESERVED_VARIABLES.has(key));
  if (reserved.length > 0) {
    throw invalidParameterValue(
      'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. ' +
        `Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  for (const key of Object.keys(variables)) {
    if (!VARIABLE_NAME.test(key)) {
      throw validationError(
        '[PROTECTED]',
        'environment.variables',
        'Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+',
      );
    }
  }
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured) > MAX_ENVIRONMENT_BYTES) {
    throw invalidParameterValue(
      'Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. ' +
        `String measured: ${measured}`,
    );
  }
}
