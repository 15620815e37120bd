// ListFunctions markers: opaque to clients, the last name of the page underneath.
import { invalidParameterValue } from './errors.js';

export function toMarker(lastName: string): string {
  return Buffer.from(JSON.stringify({ after: lastName })).toString('base64url');
}

export function fromMarker(marker: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through: not one of ours
  }
  throw invalidParameterValue('Invalid Marker');
}
