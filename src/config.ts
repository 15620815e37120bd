import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { PlatformConfig } from './core/service.js';
import { MockConfigError, parseMockConfig, type MockConfig } from './services/states/mock-config.js';

export const USAGE = `Usage: nubis start [options]

Options (each also read from its environment variable):
  --host H                    NUBIS_HOST          address to listen on (127.0.0.1)
  --port P                    NUBIS_PORT          one port for every service (4566; 0 picks a free one)
  --data-dir D                NUBIS_DATA_DIR      SQLite database and blobs (./.nubis)
  --storage sqlite|postgres   NUBIS_STORAGE       where all state lives (sqlite)
  --postgres-url URL          NUBIS_POSTGRES_URL  with --storage postgres; nodes may share one database
  --region R                  NUBIS_REGION        region for requests that carry none (us-east-1)

Step Functions, from the environment only:
  SFN_MOCK_CONFIG             Step Functions Local's mock configuration file (mocked service integrations)
  NUBIS_STATES_WAIT_SCALE     factor applied to Wait states and retry intervals (1; 0.001 in tests)
`;

function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

/** A flag or variable that cannot be used; the CLI prints it with the usage and exits 2. */
export class ConfigError extends Error {}

function fail(message: string): never {
  throw new ConfigError(message);
}

export function readConfig(args: string[], env: NodeJS.ProcessEnv): PlatformConfig {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      storage: { type: 'string' },
      'postgres-url': { type: 'string' },
      region: { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port ?? env['NUBIS_PORT'] ?? 4566);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`invalid port: ${values.port ?? env['NUBIS_PORT']}`);
  const storage = values.storage ?? env['NUBIS_STORAGE'] ?? 'sqlite';
  if (storage !== 'sqlite' && storage !== 'postgres')
    fail(`--storage must be sqlite or postgres, not ${storage}`);
  const postgresUrl = values['postgres-url'] ?? env['NUBIS_POSTGRES_URL'];
  if (storage === 'postgres' && !postgresUrl)
    fail('--storage postgres needs --postgres-url (or NUBIS_POSTGRES_URL)');
  return {
    host: values.host ?? env['NUBIS_HOST'] ?? '127.0.0.1',
    port,
    dataDir: values['data-dir'] ?? env['NUBIS_DATA_DIR'] ?? './.nubis',
    storage,
    postgresUrl,
    region: values.region ?? env['NUBIS_REGION'] ?? 'us-east-1',
    version: packageVersion(),
    statesMocks: mockConfigOf(env['SFN_MOCK_CONFIG']),
    statesWaitScale: waitScaleOf(env['NUBIS_STATES_WAIT_SCALE']),
  };
}

/**
 * The file SFN_MOCK_CONFIG names, as Step Functions Local reads it (AWS docs, "Step 2: Provide the
 * mock configuration file"); checked now, so that a bad file stops the start rather than a test.
 */
function mockConfigOf(path: string | undefined): MockConfig | undefined {
  if (path === undefined || path === '') return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    fail(`SFN_MOCK_CONFIG ${path}: cannot be read: ${(error as Error).message}`);
  }
  try {
    return parseMockConfig(text);
  } catch (error) {
    if (error instanceof MockConfigError) fail(`SFN_MOCK_CONFIG ${path}: ${error.message}`);
    throw error;
  }
}

/** A finite factor from 0 (no waiting) up; 1 waits real time. */
function waitScaleOf(text: string | undefined): number {
  if (text === undefined || text === '') return 1;
  const scale = Number(text);
  if (!Number.isFinite(scale) || scale < 0)
    fail(`NUBIS_STATES_WAIT_SCALE must be a number from 0 up, not ${text}`);
  return scale;
}
