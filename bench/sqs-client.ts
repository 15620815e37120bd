import { RawClient, type SignedRequest } from './raw-client.js';

/** A raw-signed SQS JSON-protocol client. */
export class RawSqsClient {
  private readonly raw: RawClient;

  constructor(endpoint: string) {
    this.raw = new RawClient(endpoint, 'sqs');
  }

  signed(operation: string, input: unknown): SignedRequest {
    return this.raw.sign('POST', '/', JSON.stringify(input), {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AmazonSQS.${operation}`,
    });
  }

  async call<T = any>(operation: string, input: unknown): Promise<T> {
    const response = await this.raw.send(this.signed(operation, input));
    if (response.status >= 300) throw new Error(`${operation}: ${response.status} ${response.text}`);
    return JSON.parse(response.text || '{}') as T;
  }

  close(): void {
    this.raw.close();
  }
}
