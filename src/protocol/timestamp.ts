// Timestamps in the forms AWS protocols use. Smithy defaults: epoch-seconds in JSON bodies,
// date-time (ISO 8601) in query and XML bodies and in query strings, http-date in headers.
import type { TimestampFormat } from './model.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const EPOCH_SECONDS = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$/;
/** The "basic" ISO form of `X-Amz-Date`: 20150830T123600Z. */
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\.\d+)?(Z)$/;
/** IMF-fixdate (RFC 7231), the http-date AWS writes: Sun, 06 Nov 1994 08:49:37 GMT. */
const IMF_FIXDATE =
  /^[A-Za-z]{3}, (\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(\.\d+)? (GMT|UTC|Z|[+-]\d{4})$/;
/** Obsolete RFC 850 form, still legal in HTTP: Sunday, 06-Nov-94 08:49:37 GMT. */
const RFC_850 = /^[A-Za-z]+, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)? GMT$/;
/** ANSI C asctime() form, also legal in HTTP: Sun Nov  6 08:49:37 1994. */
const ASCTIME = /^[A-Za-z]{3} ([A-Za-z]{3}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)? (\d{4})$/;

export function formatTimestamp(date: Date, format: TimestampFormat): string | number {
  switch (format) {
    case 'unixTimestamp':
      return date.getTime() / 1000;
    case 'rfc822':
      return date.toUTCString();
    default:
      return date.toISOString();
  }
}

/** Parses any of the forms above (whatever the declared format, as AWS services are lenient); undefined if invalid. */
export function parseTimestamp(value: string | number): Date | undefined {
  if (typeof value === 'number') return validDate(value * 1000);
  const text = value.trim();
  if (EPOCH_SECONDS.test(text)) return validDate(Number(text) * 1000);
  let m = ISO_8601.exec(text) ?? ISO_BASIC.exec(text);
  if (m) return fromParts(m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]);
  m = IMF_FIXDATE.exec(text);
  if (m) return fromParts(m[3], monthNumber(m[2]), m[1], m[4], m[5], m[6], m[7], m[8]);
  m = RFC_850.exec(text);
  if (m) return fromParts(fullYear(m[3]), monthNumber(m[2]), m[1], m[4], m[5], m[6], m[7], 'Z');
  m = ASCTIME.exec(text);
  if (m) return fromParts(m[7], monthNumber(m[1]), m[2], m[3], m[4], m[5], m[6], 'Z');
  return undefined;
}

/** A timestamp an operation returned: a Date, epoch milliseconds, or a parseable string. */
export function toDate(value: unknown): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === 'number') {
    const date = validDate(value);
    if (date) return date;
  }
  if (typeof value === 'string') {
    const date = parseTimestamp(value);
    if (date) return date;
  }
  throw new TypeError(`Not a timestamp: ${String(value)}`);
}

function validDate(ms: number): Date | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function monthNumber(name: string | undefined): string | undefined {
  const index = MONTHS.indexOf((name ?? '').toLowerCase());
  return index < 0 ? undefined : String(index + 1);
}

/** RFC 7231: a two-digit year more than 50 years in the future means the previous century. */
function fullYear(twoDigits: string | undefined): string {
  const year = 2000 + Number(twoDigits);
  return String(year > new Date().getUTCFullYear() + 50 ? year - 100 : year);
}

function fromParts(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  fraction: string | undefined,
  zone: string | undefined,
): Date | undefined {
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as number[];
  if (month === undefined || mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || s! > 60) {
    return undefined;
  }
  const ms = fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
  const utc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms) - zoneOffsetMs(zone);
  const date = validDate(utc);
  // Reject days past the month's end (Date.UTC would roll 31 Feb over to March).
  if (date && zoneOffsetMs(zone) === 0 && date.getUTCDate() !== d! && s! < 60) return undefined;
  return date;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z' || zone === 'GMT' || zone === 'UTC') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}
