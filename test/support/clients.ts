// The command-line clients the suites drive: Debian's AWS CLI (/usr/bin/aws) and boto3 for
// /usr/bin/python3, with test credentials and no user configuration read from the machine.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export const AWS_CLI = '/usr/bin/aws';
export const PYTHON = '/usr/bin/python3';

export const run = promisify(execFile);

/** The environment both clients run in. */
export function clientEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
  };
}

/** Runs `aws --endpoint-url ENDPOINT ARGS…` and resolves with what it printed. */
export async function awsCli(endpoint: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(AWS_CLI, ['--endpoint-url', endpoint, ...args], { env: clientEnv() });
  return stdout;
}
