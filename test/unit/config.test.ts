import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, readConfig } from '../../src/config.js';

test('defaults follow the contract', () => {
  const config = readConfig([], {});
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 4566);
  assert.equal(config.dataDir, './.nubis');
  assert.equal(config.storage, 'sqlite');
  assert.equal(config.region, 'us-east-1');
  assert.match(config.version, /^\d+\.\d+\.\d+/);
});

test('flags win over environment variables', () => {
  const env = {
    NUBIS_PORT: '5000',
    NUBIS_REGION: 'eu-west-1',
    NUBIS_HOST: '0.0.0.0',
    NUBIS_DATA_DIR: '/tmp/x',
  };
  assert.equal(readConfig([], env).port, 5000);
  assert.equal(readConfig([], env).host, '0.0.0.0');
  assert.equal(readConfig([], env).dataDir, '/tmp/x');
  assert.equal(readConfig(['--port', '6000', '--region', 'ap-south-1'], env).port, 6000);
  assert.equal(readConfig(['--region', 'ap-south-1'], env).region, 'ap-south-1');
  const pg = readConfig([], { NUBIS_STORAGE: 'postgres', NUBIS_POSTGRES_URL: 'postgres://x/y' });
  assert.equal(pg.storage, 'postgres');
  assert.equal(pg.postgresUrl, 'postgres://x/y');
});

test('bad flags are refused with a reason', () => {
  assert.throws(() => readConfig(['--port', 'abc'], {}), ConfigError);
  assert.throws(() => readConfig(['--port', '70000'], {}), ConfigError);
  assert.throws(() => readConfig(['--storage', 'mysql'], {}), ConfigError);
  assert.throws(() => readConfig(['--storage', 'postgres'], {}), /postgres-url/);
  assert.throws(() => readConfig(['--unknown'], {}), /unknown/i);
});
