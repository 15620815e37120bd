import { createHash, randomBytes } from 'node:crypto';

/**
 * Which account a request acts in. The contract: a 12-digit numeric access key selects that
 * account; temporary keys issued by STS resolve to the account they were issued for; every other
 * key maps to the default account.
 *
 * Like AWS's own access key ids, temporary keys carry their account inside: `ASIA` followed by 16
 * base32 characters holding 40 bits of account id, 24 random bits and a 16-bit check, so resolving
 * one needs no database read on the request path.
 */
export const DEFAULT_ACCOUNT_ID = '000000000000';

const ACCOUNT_KEY = /^\d{12}$/;
const TEMPORARY_KEY = /^ASIA[A-Z2-7]{16}$/;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function isAccountId(value: string): boolean {
  return ACCOUNT_KEY.test(value);
}

export function accountForAccessKey(accessKeyId: string | undefined): string {
  if (!accessKeyId) return DEFAULT_ACCOUNT_ID;
  if (ACCOUNT_KEY.test(accessKeyId)) return accessKeyId;
  if (TEMPORARY_KEY.test(accessKeyId)) return decodeTemporaryKey(accessKeyId) ?? DEFAULT_ACCOUNT_ID;
  return DEFAULT_ACCOUNT_ID;
}

function checksum(payload: bigint): bigint {
  const digest = createHash('sha256').update(`nubis-temporary-key:${payload}`).digest();
  return BigInt(digest.readUInt16BE(0));
}

function toBase32(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = BASE32[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

function fromBase32(text: string): bigint {
  let value = 0n;
  for (const char of text) value = (value << 5n) | BigInt(BASE32.indexOf(char));
  return value;
}

/** A new temporary access key id (`ASIA…`, 20 characters) that resolves to `accountId`. */
export function issueTemporaryKey(accountId: string): string {
  const payload = (BigInt(accountId) << 24n) | BigInt(randomBytes(3).readUIntBE(0, 3));
  return 'ASIA' + toBase32((payload << 16n) | checksum(payload), 16);
}

function decodeTemporaryKey(accessKeyId: string): string | undefined {
  const value = fromBase32(accessKeyId.slice(4));
  const payload = value >> 16n;
  if ((value & 0xffffn) !== checksum(payload)) return undefined;
  return (payload >> 24n).toString().padStart(12, '0');
}
