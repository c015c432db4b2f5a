import type { Change, Collection } from '../../../src-shared/sync/protocol.js';
import type { Db } from '../store/open-store.js';

/**
 * How a pulled change lands in the local store, per collection. Each feature registers its own;
 * an applier runs inside the pull transaction and must not do I/O beyond the given db.
 */
export type ChangeApplier = (db: Db, change: Change) => void;
export type ChangeAppliers = Partial<Record<Collection, ChangeApplier>>;
