// The environment Lambda gives a function's process (reserved variables first, then the
// function's own), plus what Nubis adds so that the AWS SDK inside a function talks to Nubis:
// AWS_ENDPOINT_URL and credentials that resolve to the function's account.
import { PYTHON_RUNTIMES } from '../../runtimes/runtimes.js';

export interface FunctionProcessConfig {
  functionName: string;
  version: string;
  runtime: string;
  handler: string;
  memoryMb: number;
  region: string;
  accountId: string;
  codeDirectory: string;
  logGroupName: string;
  logStreamName: string;
  endpoint: string;
  userVariables: Record<string, string>;
}

export function lambdaVariables(config: FunctionProcessConfig): Record<string, string> {
  const reserved: Record<string, string> = {
    _HANDLER: config.handler,
    AWS_EXECUTION_ENV: `AWS_Lambda_${config.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: config.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: config.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: config.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: config.logStreamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: config.region,
    AWS_DEFAULT_REGION: config.region,
    LAMBDA_TASK_ROOT: config.codeDirectory,
    LAMBDA_RUNTIME_DIR: config.codeDirectory,
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    // A 12-digit access key selects that account, so the function acts in its own account.
    AWS_ACCESS_KEY_ID: config.accountId,
    AWS_SECRET_ACCESS_KEY: 'nubis',
    AWS_SESSION_TOKEN: 'nubis',
    AWS_ENDPOINT_URL: config.endpoint,
  };
  if (config.runtime.startsWith('nodejs')) reserved['NODE_PATH'] = '/opt/nodejs/node_modules';
  if (PYTHON_RUNTIMES.includes(config.runtime)) reserved['PYTHONPATH'] = '/opt/python';
  // The function's own variables cannot override the reserved ones (CreateFunction refuses them).
  return { ...config.userVariables, ...reserved };
}
