// The environment Lambda gives a function's process (reserved variables first, then the
// function's own), plus what Nubis adds so that the AWS SDK inside a function talks to Nubis:
// AWS_ENDPOINT_URL and credentials that resolve to the function's account.
import { join } from 'node:path';
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
  /** The node's merged layers directory, which stands in for /opt; undefined without layers. */
  optDirectory: string | undefined;
  logGroupName: string;
  logStreamName: string;
  endpoint: string;
  userVariables: Record<string, string>;
  /** Lambda's AWS_LAMBDA_INITIALIZATION_TYPE: fixed for the environment's life. */
  initializationType: InitializationType;
}

export type InitializationType = 'on-demand' | 'provisioned-concurrency';

/**
 * Lambda's search paths with /opt replaced by the merged layers directory. On Lambda, for example,
 * nodejs20.x has NODE_PATH=/opt/nodejs/node20/node_modules:/opt/nodejs/node_modules:
 * /var/runtime/node_modules:/var/runtime:/var/task, PATH ends with /opt/bin and LD_LIBRARY_PATH
 * with /var/task:/var/task/lib:/opt/lib. The runtime's own directories have no equivalent here:
 * the Node.js bootstrap resolves the AWS SDK itself.
 */
function searchPaths(config: FunctionProcessConfig): Record<string, string> {
  const task = config.codeDirectory;
  const opt = config.optDirectory;
  const inOpt = (...parts: string[]) => (opt === undefined ? [] : [join(opt, ...parts)]);
  const paths: Record<string, string> = {
    PATH: [process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin', ...inOpt('bin')].join(':'),
    LD_LIBRARY_PATH: [task, join(task, 'lib'), ...inOpt('lib')].join(':'),
  };
  const node = /^nodejs(\d+)/.exec(config.runtime)?.[1];
  if (node !== undefined) {
    paths['NODE_PATH'] = [
      ...inOpt('nodejs', `node${node}`, 'node_modules'),
      ...inOpt('nodejs', 'node_modules'),
      task,
    ].join(':');
  }
  if (PYTHON_RUNTIMES.includes(config.runtime) && opt !== undefined) {
    paths['PYTHONPATH'] = [
      ...inOpt('python', 'lib', config.runtime, 'site-packages'),
      ...inOpt('python'),
    ].join(':');
  }
  return paths;
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
    AWS_LAMBDA_INITIALIZATION_TYPE: config.initializationType,
    AWS_REGION: config.region,
    AWS_DEFAULT_REGION: config.region,
    LAMBDA_TASK_ROOT: config.codeDirectory,
    LAMBDA_RUNTIME_DIR: config.codeDirectory,
    // A 12-digit access key selects that account, so the function acts in its own account.
    AWS_ACCESS_KEY_ID: config.accountId,
    AWS_SECRET_ACCESS_KEY: 'nubis',
    AWS_SESSION_TOKEN: 'nubis',
    AWS_ENDPOINT_URL: config.endpoint,
  };
  // Where the runtimes map literal /opt/... paths (see src/runtimes/node/module-paths.ts).
  if (config.optDirectory !== undefined) reserved['NUBIS_OPT_DIR'] = config.optDirectory;
  // The function's own variables may override the unreserved ones (LANG, TZ, PATH, NODE_PATH, …),
  // not the reserved ones (CreateFunction refuses them).
  const unreserved = { LANG: 'en_US.UTF-8', TZ: ':UTC', ...searchPaths(config) };
  return { ...unreserved, ...config.userVariables, ...reserved };
}
