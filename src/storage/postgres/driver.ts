import type { ClientConfig, CustomTypesConfig, PoolConfig } from 'pg';

type PgModule = (typeof import('pg'))['default'];

let loading: Promise<PgModule> | undefined;

/** `pg` is loaded on first use so that SQLite deployments never pay for it. */
export function loadPg(): Promise<PgModule> {
  // pg is CommonJS: its module.exports is the ESM default export.
  loading ??= import('pg').then((module) => module.default);
  return loading;
}

const OID_BOOL = 16;
const OID_INT8 = 20;
const OID_NUMERIC = 1700;

/**
 * Results look the same as SQLite's: BIGINT (epoch ms, COUNT) and NUMERIC (SUM of BIGINT) become JS
 * numbers, booleans (comparisons, EXISTS) become 1/0. Values beyond 2^53 lose precision, as they do
 * in SQLite with safeIntegers off. BYTEA is already a Buffer. Per client, never pg's global table.
 */
function typeParsers(pg: PgModule): CustomTypesConfig {
  const toNumber = (value: string): number => Number(value);
  const toFlag = (value: string): number => (value === 't' ? 1 : 0);
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (format !== 'binary') {
        if (oid === OID_INT8 || oid === OID_NUMERIC) return toNumber;
        if (oid === OID_BOOL) return toFlag;
      }
      return pg.types.getTypeParser(oid, format);
    }) as CustomTypesConfig['getTypeParser'],
  };
}

export function clientConfig(pg: PgModule, url: string): ClientConfig {
  return { connectionString: url, types: typeParsers(pg) };
}

export function poolConfig(pg: PgModule, url: string, max: number): PoolConfig {
  return { ...clientConfig(pg, url), max, idleTimeoutMillis: 30_000 };
}
