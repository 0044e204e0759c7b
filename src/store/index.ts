/**
 * @module store
 * The service's history: `openStore(dir)` opens (and migrates) `DIR/oemscan.db`.
 */
import { type Db, openDb } from './db.js';
import { ScanStore } from './scans.js';

export { DB_FILE } from './db.js';
export { deviceKey, ScanStore } from './scans.js';
export type * from './types.js';

export interface Store {
  scans: ScanStore;
  db: Db;
  close(): void;
}

export function openStore(dataDir: string): Store {
  const db = openDb(dataDir);
  return { db, scans: new ScanStore(db), close: () => db.close() };
}
