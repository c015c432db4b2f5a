import { openStorage } from '../../start.js';
import type { ServerStorage } from '../../storage/storage.js';

/** Opens the central database named by `--db` for one command and closes it after; exit code 2 without one. */
export async function withStorage(db: string | undefined, work: (storage: ServerStorage) => Promise<number>): Promise<number> {
  if (!db) {
    console.error('--db <sqlite file | postgres://…> is required');
    return 2;
  }
  const storage = await openStorage(db);
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}
