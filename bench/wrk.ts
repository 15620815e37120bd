import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SignedRequest } from './raw-client.js';

const run = promisify(execFile);

export interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

/** wrk replays one pre-signed request (SigV4 signatures stay valid for 15 minutes). */
function luaScript(request: SignedRequest): string {
  const headers = Object.entries(request.headers)
    .filter(([name]) => name.toLowerCase() !== 'host')
    .map(([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`)
    .join('\n');
  return `wrk.method = ${JSON.stringify(request.method)}\nwrk.body = ${JSON.stringify(request.body)}\n${headers}\n`;
}

function parseDuration(text: string): number {
  const match = /([\d.]+)(us|ms|s|m)/.exec(text);
  if (!match) return NaN;
  const value = Number(match[1]);
  return match[2] === 'us'
    ? value / 1000
    : match[2] === 'ms'
      ? value
      : match[2] === 's'
        ? value * 1000
        : value * 60_000;
}

export async function runWrk(
  request: SignedRequest,
  options: { connections: number; seconds: number; threads?: number },
): Promise<WrkResult> {
  const script = join(mkdtempSync(join(tmpdir(), 'nubis-wrk-')), 'request.lua');
  writeFileSync(script, luaScript(request));
  const args = [
    '-t',
    String(Math.min(options.threads ?? 2, options.connections)),
    '-c',
    String(options.connections),
    '-d',
    `${options.seconds}s`,
  ];
  const { stdout } = await run('wrk', [...args, '--latency', '-s', script, request.url], {
    maxBuffer: 1 << 20,
  });
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  const p50 = /\s50%\s+(\S+)/.exec(stdout);
  const p99 = /\s99%\s+(\S+)/.exec(stdout);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout);
  return {
    requestsPerSecond: Number(rps?.[1] ?? NaN),
    p50Ms: parseDuration(p50?.[1] ?? ''),
    p99Ms: parseDuration(p99?.[1] ?? ''),
    non2xx: Number(non2xx?.[1] ?? 0),
  };
}
