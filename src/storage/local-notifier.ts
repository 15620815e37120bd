import { EventEmitter } from 'node:events';
import type { Notifier } from './types.js';

type Listener = (payload: string | undefined) => void;

/**
 * In-process wake-ups. Channels are arbitrary strings (`sqs:000000000000:us-east-1:myqueue`). A
 * listener that throws is logged and does not stop the others or fail the notifier's caller.
 */
export class LocalNotifier implements Notifier {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Thousands of long polls may wait on one queue; that is not a leak.
    this.emitter.setMaxListeners(0);
  }

  async notify(channel: string, payload?: string): Promise<void> {
    this.deliver(channel, payload);
  }

  subscribe(channel: string, listener: Listener): () => void {
    const safe: Listener = (payload) => {
      try {
        listener(payload);
      } catch (error) {
        console.error(`nubis storage: listener on ${channel} failed`, error);
      }
    };
    this.emitter.on(channel, safe);
    return () => this.emitter.off(channel, safe);
  }

  deliver(channel: string, payload: string | undefined): void {
    this.emitter.emit(channel, payload);
  }

  /** Wakes every subscriber, e.g. after notifications from other nodes may have been missed. */
  deliverToAll(): void {
    for (const channel of this.emitter.eventNames()) this.emitter.emit(channel, undefined);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * One Storage's view of a notifier shared by every Storage on the same SQLite file in this process
 * (so two handles on one file wake each other); closing it drops only its own subscriptions.
 */
export class ScopedNotifier implements Notifier {
  private readonly unsubscribers = new Set<() => void>();

  constructor(private readonly shared: Notifier) {}

  notify(channel: string, payload?: string): Promise<void> {
    return this.shared.notify(channel, payload);
  }

  subscribe(channel: string, listener: Listener): () => void {
    const unsubscribe = this.shared.subscribe(channel, listener);
    const once = (): void => {
      this.unsubscribers.delete(once);
      unsubscribe();
    };
    this.unsubscribers.add(once);
    return once;
  }

  async close(): Promise<void> {
    for (const unsubscribe of [...this.unsubscribers]) unsubscribe();
  }
}
