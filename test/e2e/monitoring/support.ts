// Shared fixture for the CloudWatch suites: a Nubis process on a manual clock, and raw query-protocol
// requests (form posts, XML answers) — the protocol Debian's AWS CLI and boto3 speak.
import { after, before } from 'node:test';
import { startNubis, type NubisProcess, type StorageKind } from '../../support/nubis.js';

/** 2026-01-05T00:00:00Z: the manual clock's start, on a whole hour so that buckets are predictable. */
export const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);
export const iso = (ms: number) => new Date(ms).toISOString();

export interface Answer {
  status: number;
  text: string;
}

export interface Fixture {
  nubis: NubisProcess;
  call(action: string, params: Record<string, string | number>): Promise<Answer>;
}

export function useMonitoring(storage: StorageKind): Fixture {
  const fixture = {} as Fixture;
  before(async () => {
    fixture.nubis = await startNubis({ storage, manualClock: true, clockStartMs: T0 });
    fixture.call = async (action, params) => {
      const form = new URLSearchParams({ Action: action, Version: '2010-08-01' });
      for (const [name, value] of Object.entries(params)) form.set(name, String(value));
      const response = await fetch(fixture.nubis.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      return { status: response.status, text: await response.text() };
    };
  });
  after(() => fixture.nubis.stop());
  return fixture;
}

/** The text of every `<name>` element, in document order. */
export function all(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) =>
    (m[1] ?? '')
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );
}

export function first(xml: string, name: string): string | undefined {
  return all(xml, name)[0];
}

/** The `<member>` blocks directly inside `<name>`. */
export function members(xml: string, name: string): string[] {
  const block = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1] ?? '';
  return [...block.matchAll(/<member>([\s\S]*?)<\/member>(?=<member>|$)/g)].map((m) => m[1] ?? '');
}

/** Expands `{Name: value}` dimension pairs into the query protocol's `prefix.member.N.Name/Value`. */
export function dimensions(prefix: string, dims: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  Object.entries(dims).forEach(([name, value], i) => {
    out[`${prefix}.member.${i + 1}.Name`] = name;
    out[`${prefix}.member.${i + 1}.Value`] = value;
  });
  return out;
}

/** GetMetricData's results, one XML fragment each (their members nest, so split on `<Id>`). */
export function dataResults(xml: string): string[] {
  return xml
    .split('<member><Id>')
    .slice(1)
    .map((part) => `<Id>${part}`);
}
