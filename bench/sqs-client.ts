import { Agent, request } from 'node:http';
import { signRequest } from './sign.js';

/** A raw-signed SQS JSON-protocol client: what an SDK sends, without an SDK's overhead. */
export class RawSqsClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(private readonly endpoint: string) {}

  signed(operation: string, input: unknown) {
    const url = new URL(this.endpoint);
    const body = JSON.stringify(input);
    const headers = signRequest({
      method: 'POST',
      url,
      body,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${operation}` },
      service: 'sqs',
      region: 'us-east-1',
      accessKeyId: 'bench',
      secretAccessKey: 'bench',
    });
    return { url: url.toString(), method: 'POST', headers, body };
  }

  call<T = any>(operation: string, input: unknown): Promise<T> {
    const { url, headers, body } = this.signed(operation, input);
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 300) reject(new Error(`${operation}: ${res.statusCode} ${text}`));
          else resolve(JSON.parse(text || '{}') as T);
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
