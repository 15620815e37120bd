import { Agent, request } from 'node:http';
import { signRequest } from './sign.js';

/** A request signed once: wrk may replay it for 15 minutes, or a client send it now. */
export interface SignedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * A raw SigV4 client for benchmarks: what an SDK sends, without an SDK's per-request overhead.
 * The protocol (target header, path) is the caller's.
 */
export class RawClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  constructor(
    private readonly endpoint: string,
    private readonly service: string,
  ) {}

  sign(method: string, path: string, body: string, headers: Record<string, string>): SignedRequest {
    const url = new URL(path, this.endpoint);
    const signed = signRequest({
      method,
      url,
      body,
      headers,
      service: this.service,
      region: 'us-east-1',
      accessKeyId: 'bench',
      secretAccessKey: 'bench',
    });
    return { url: url.toString(), method, headers: signed, body };
  }

  send(signed: SignedRequest): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const req = request(
        signed.url,
        { method: signed.method, headers: signed.headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(signed.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
