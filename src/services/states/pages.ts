// Pages of ListStateMachineVersions and ListStateMachineAliases: maxResults 0–1000, 0 or absent
// meaning 100 (AWS API reference); nextToken is the offset of the next page, opaque to clients.
import { invalidToken, rejectViolations } from './errors.js';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

export interface Page {
  offset: number;
  limit: number;
}

export function pageOf(input: { maxResults?: number; nextToken?: string }): Page {
  const { maxResults, nextToken } = input;
  if (maxResults !== undefined && (maxResults > MAX_PAGE || maxResults < 0))
    rejectViolations([
      {
        value: maxResults,
        path: 'maxResults',
        constraint:
          maxResults < 0
            ? 'Member must have value greater than or equal to 0'
            : `Member must have value less than or equal to ${MAX_PAGE}`,
      },
    ]);
  return { offset: offsetOf(nextToken), limit: maxResults || DEFAULT_PAGE };
}

function offsetOf(token: string | undefined): number {
  if (token === undefined) return 0;
  const text = Buffer.from(token, 'base64').toString('utf8');
  const value = Number(text);
  if (!/^\d+$/.test(text) || Buffer.from(text).toString('base64') !== token) throw invalidToken();
  return value;
}

/** The page's rows, and the token of the next page when `rows` (limit + 1 read) holds more. */
export function paged<T>(rows: T[], page: Page): { rows: T[]; nextToken?: string } {
  return {
    rows: rows.slice(0, page.limit),
    ...(rows.length > page.limit && {
      nextToken: Buffer.from(String(page.offset + page.limit)).toString('base64'),
    }),
  };
}
