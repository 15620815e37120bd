/**
 * A worker thread that checkpoints the WAL into the database file on its own connection.
 *
 * With synchronous=NORMAL a commit only appends to the WAL; the expensive part of durability is
 * the checkpoint, which copies pages into the database and fsyncs. SQLite runs it inside whichever
 * COMMIT crosses the auto-checkpoint threshold, stalling the event loop for that long. Here it runs
 * beside the event loop instead (PASSIVE: it never blocks the writer), and the main connection's
 * own auto-checkpoint stays only as a far-off safety net. The thread runs only when asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const { file } = workerData as { file: string };
const db = new BetterSqlite3(file, { timeout: 1_000 });

function checkpoint(): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or closing: the next round (or SQLite's own auto-checkpoint) catches up.
  }
}

// 'checkpoint' comes shortly after writes (never while idle); 'stop' when the database closes.
parentPort?.on('message', (message) => {
  checkpoint();
  if (message !== 'stop') return;
  db.close();
  parentPort?.postMessage('stopped');
});
