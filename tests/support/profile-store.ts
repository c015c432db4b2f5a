import path from 'node:path';
import { profileDbPath } from '../../src-main/services/session/profile.js';
import { openStore, type Db } from '../../src-main/services/store/open-store.js';
import { keyFileSealer, ProfileKeys } from '../../src-main/services/store/profile-keys.js';

/** The key of an agent's store in a browser-mode profile folder (its 0600 key file). */
export const profileStoreKey = (profileDir: string, agentId: string): Buffer =>
  new ProfileKeys(profileDir, keyFileSealer).keyFor(path.basename(profileDbPath(profileDir, agentId)));

/** Opens an agent's encrypted store as the workstation does, for a test to look into or prepare. */
export const openProfileStore = (profileDir: string, agentId: string): Db =>
  openStore(profileDbPath(profileDir, agentId), { key: profileStoreKey(profileDir, agentId) });
