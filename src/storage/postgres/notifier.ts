import type { Client } from 'pg';
import { LocalNotifier } from '../local-notifier.js';
import type { Database, Notifier } from '../types.js';
import { clientConfig, loadPg } from './driver.js';

/**
 * PostgreSQL channel names are identifiers of limited length, so every logical channel travels on
 * one fixed channel with the logical name inside the payload (which must stay under 8000 bytes).
 */
const PG_CHANNEL = 'nubis';
const MAX_MESSAGE_BYTES = 7_999;
const MAX_RECONNECT_DELAY_MS = 5_000;

interface Message {
  /** The sending node: it already woke its own subscribers directly. */
  n: string;
  c: string;
  p?: string;
}

/** LISTEN/NOTIFY between nodes on one dedicated connection, reconnected when it drops. */
export class PostgresNotifier implements Notifier {
  private readonly local = new LocalNotifier();
  private client: Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly db: Database,
    private readonly nodeId: string,
  ) {}

  static async start(url: string, db: Database, nodeId: string): Promise<PostgresNotifier> {
    const notifier = new PostgresNotifier(url, db, nodeId);
    await notifier.connect();
    return notifier;
  }

  async notify(channel: string, payload?: string): Promise<void> {
    const message = JSON.stringify({ n: this.nodeId, c: channel, p: payload } satisfies Message);
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) {
      throw new Error(`nubis storage: notification on ${channel} exceeds ${MAX_MESSAGE_BYTES} bytes`);
    }
    this.local.deliver(channel, payload);
    await this.db.run(`SELECT pg_notify('${PG_CHANNEL}', :message)`, { message });
  }

  subscribe(channel: string, listener: (payload: string | undefined) => void): () => void {
    return this.local.subscribe(channel, listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
    await this.local.close();
  }

  private async connect(): Promise<void> {
    const pg = await loadPg();
    const client = new pg.Client(clientConfig(pg, this.url));
    client.on('notification', (msg) => {
      if (msg.channel === PG_CHANNEL && msg.payload) this.receive(msg.payload);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${PG_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners();
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private receive(raw: string): void {
    let message: Message;
    try {
      message = JSON.parse(raw) as Message;
    } catch {
      return; // not ours
    }
    if (message.n !== this.nodeId && typeof message.c === 'string') this.local.deliver(message.c, message.p);
  }

  private lost(client: Client): void {
    if (client !== this.client || this.closed) return;
    this.client = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined); // a late error on the dead client must not crash us
    console.error('nubis storage: PostgreSQL LISTEN connection lost; reconnecting');
    this.scheduleReconnect(100);
  }

  private scheduleReconnect(delayMs: number): void {
    this.reconnectTimer = setTimeout(() => {
      this.connect().then(
        // Notifications sent while we were away are gone: wake everyone to look again.
        () => this.local.deliverToAll(),
        () => {
          if (!this.closed) this.scheduleReconnect(Math.min(delayMs * 2, MAX_RECONNECT_DELAY_MS));
        },
      );
    }, delayMs);
    this.reconnectTimer.unref();
  }
}
