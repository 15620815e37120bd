// NextToken for ListQueues and ListDeadLetterSourceQueues: the last name listed and the listing's
// scope, opaque to clients. A token from another listing is refused.
import { MAX_LIST_RESULTS } from './constants.js';
import { invalidParameterValue } from './errors.js';

interface Token {
  scope: string;
  after: string;
}

export function encodeToken(scope: string, after: string): string {
  return Buffer.from(JSON.stringify({ scope, after } satisfies Token)).toString('base64');
}

export function decodeToken(token: string | undefined, scope: string): string {
  if (token === undefined || token === '') return '';
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Partial<Token>;
    if (parsed.scope === scope && typeof parsed.after === 'string') return parsed.after;
  } catch {
    // falls through to the error below
  }
  throw invalidParameterValue('Invalid or expired next token.');
}

/** MaxResults 1–1000; without it, up to 1,000 results and never a NextToken. */
export function pageSize(maxResults: number | undefined): number {
  if (maxResults === undefined) return MAX_LIST_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_LIST_RESULTS) {
    throw invalidParameterValue(
      'Value for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.',
    );
  }
  return maxResults;
}

/** Fetch one more row than the page to learn whether a NextToken is due. */
export function page<T extends { name: string }>(
  rows: T[],
  size: number,
  paginated: boolean,
  scope: string,
): { items: T[]; nextToken: string | undefined } {
  const items = rows.slice(0, size);
  const last = items[items.length - 1];
  const more = rows.length > size && paginated && last !== undefined;
  return { items, nextToken: more ? encodeToken(scope, last.name) : undefined };
}
