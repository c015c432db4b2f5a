import Database from 'better-sqlite3';
import Ciphers from 'better-sqlite3-multiple-ciphers';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootWorkstation, type BootedWorkstation } from '../../../src-main/host/boot.js';
import { loadWorkstationConfig } from '../../../src-main/config.js';
import type { ChannelName, RequestOf, ResponseOf } from '../../../src-shared/ipc/contract.js';
import type { Result } from '../../../src-shared/result.js';
import { openStore } from '../../../src-main/services/store/open-store.js';
import { writeValue } from '../../../src-main/services/store/key-value.js';
import { electronKeySealer, keyFileSealer, ProfileKeys } from '../../../src-main/services/store/profile-keys.js';
import { SessionService } from '../../../src-main/services/session/session-service.js';
import { startApiServer } from '../../../src-server/start.js';
import { openTrainingSandbox } from '../../../src-main/services/training/training-sandbox.js';
import { silentLogger } from '../../../src-main/services/log.js';
import { COMPLAINT_VALUES } from '../../support/ticket-documents.js';
import { filesUnder, findInFiles } from '../../support/raw-scan.js';
import { openEncryptedSqlite, WrongStoreKeyError } from '../../../src-node/sqlite/encrypted-sqlite.js';

// A lost laptop: whoever has the disk reads every file of the profile folder byte by byte. After a
// real workstation session (browser mode, the embedded central API in the same folder, a log file
// there too) wrote a ticket with a customer's phone, ID number and address and a call from another
// number, none of them is anywhere in the folder: not as UTF-8, not as UTF-16, not with or without
// the separators the agent typed. The truth is the raw bytes, read without SQLite or our code.

const PHONE = '13812349876';
const ID_NUMBER = '11010519491231002X'; // GB 11643's example number (valid check digit)
const ID_TYPED = '110105 19491231 002X'; // as typed; the form keeps the 18 characters
const ADDRESS = '重庆市渝中区民族路188号3单元1204室';
const CALLER = '02361234567';
const CALLER_TYPED = '023-6123 4567';
const SECRETS = [PHONE, '138 1234 9876', '138-1234-9876', ID_NUMBER, ID_TYPED, ADDRESS, '民族路188号', '3单元1204室', CALLER, CALLER_TYPED];

let dir: string;
let profileDir: string;
let booted: BootedWorkstation | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-at-rest-'));
  profileDir = path.join(dir, 'profile');
});
afterEach(async () => {
  await booted?.close();
  booted = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function boot(): Promise<{ call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> }> {
  mkdirSync(profileDir, { recursive: true });
  // Everything the workstation logs, down to debug, goes to a file in the folder under test.
  const log = pino({ level: 'debug' }, pino.destination({ dest: path.join(profileDir, 'workstation.log'), sync: true, mode: 0o600 }));
  const config = { ...loadWorkstationConfig({}), serverUrl: undefined, profileDir, syncIntervalMs: 60_000 };
  booted = await bootWorkstation({ host: 'web', config, log });
  const dispatch = booted.dispatch;
  return {
    async call(channel, request) {
      const result = (await dispatch(channel, request)) as Result<ResponseOf<typeof channel>>;
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message} ${JSON.stringify(result.error.issues ?? [])}`);
      return result.value;
    },
  };
}

async function workASession(ws: Awaited<ReturnType<typeof boot>>): Promise<void> {
  await ws.call('session.login', { agentId: '1001', password: 'hotline1001' });
  await ws.call('sync.now', {});
  const ringAt = new Date(Date.now() - 120_000).toISOString();
  await ws.call('calls.save', { id: 'call-at-rest-1', direction: 'inbound', number: CALLER_TYPED, ringAt, answerAt: ringAt, endAt: new Date().toISOString(), holdSeconds: 0, afterCallWorkSeconds: 0, disposition: 'answered', ticketId: null, scriptCompliance: null });
  const draft = await ws.call('tickets.newDraft', { formId: 'complaint' });
  // A real-name complaint (销户): the form asks for the ID number.
  const values = { ...draft.values, ...COMPLAINT_VALUES, complaintCode: 'BZ-CLS-BLOCK', customerPhone: PHONE, idNumber: ID_NUMBER, description: `客户住址：${ADDRESS}，家中信号只有一格`, customerDemand: `上门检查 ${ADDRESS}` };
  await ws.call('tickets.saveDraft', { id: draft.id, values: values as never, focusField: 'description' });
  const { ticketId } = await ws.call('tickets.submitDraft', { id: draft.id });
  await ws.call('sync.now', {}); // the ticket reaches the embedded central API (in the same folder)
  // The store really holds the clear values (the UI shows them masked): the scan below is not vacuous.
  const db = booted!.workstation.requireSession().db;
  const doc = db.prepare('SELECT doc FROM ticket_docs WHERE id = ?').pluck().get(ticketId) as string;
  for (const value of [PHONE, ID_NUMBER, ADDRESS]) expect(doc).toContain(value);
  expect(db.prepare('SELECT number FROM calls WHERE id = ?').pluck().get('call-at-rest-1')).toMatch(/^023-?6123 ?4567$/);
  const status = await ws.call('sync.status', {});
  expect(status.pending).toBe(0);
}

describe('a profile folder at rest', () => {
  it('holds no customer phone, ID number, address or caller number in any file, during the session and after it', async () => {
    const ws = await boot();
    await workASession(ws);

    // During the session: the WAL and shared-memory files are there and hold the latest writes.
    const during = filesUnder(profileDir).map((file) => path.basename(file));
    expect(during).toEqual(expect.arrayContaining(['agent-1001.db', 'agent-1001.db-wal', 'embedded-central.db', 'profile-keys.json', 'workstation.log']));
    expect(findInFiles(profileDir, SECRETS)).toEqual([]);

    await ws.call('session.logout', {});
    await booted!.close();
    booted = undefined;
    expect(findInFiles(profileDir, SECRETS)).toEqual([]);

    // Another SQLite (the plain better-sqlite3 build) sees no database in either store at all.
    for (const store of ['agent-1001.db', 'embedded-central.db']) {
      expect(() => new Database(path.join(profileDir, store), { readonly: true }).prepare('SELECT name FROM sqlite_master').all()).toThrow(/not a database/);
    }
  });

  it('is readable only by its user: folder 0700, every file 0600', async () => {
    mkdirSync(profileDir, { recursive: true, mode: 0o755 });
    const ws = await boot();
    await workASession(ws);
    expect(statSync(profileDir).mode & 0o777).toBe(0o700);
    const modes = Object.fromEntries(filesUnder(profileDir).map((file) => [path.basename(file), (statSync(file).mode & 0o777).toString(8)]));
    expect(Object.keys(modes)).toEqual(expect.arrayContaining(['agent-1001.db', 'agent-1001.db-wal', 'agent-1001.db-shm', 'embedded-central.db', 'profile-keys.json']));
    expect(modes).toEqual(Object.fromEntries(Object.keys(modes).map((name) => [name, '600'])));
  });

  it('the scan finds what is there: the same values in a store in clear, in UTF-8 and UTF-16', () => {
    // The control: a clear SQLite file (UTF-16 text encoding) and a log line, written without our code.
    mkdirSync(profileDir, { recursive: true });
    const clear = new Database(path.join(profileDir, 'clear.db'));
    clear.pragma("encoding = 'UTF-16le'");
    clear.exec('CREATE TABLE t (v TEXT)');
    clear.prepare('INSERT INTO t VALUES (?)').run(`${ADDRESS} ${ID_NUMBER}`);
    clear.close();
    const hits = findInFiles(profileDir, [ADDRESS, ID_NUMBER, PHONE]);
    expect(hits).toEqual(expect.arrayContaining([expect.objectContaining({ needle: ADDRESS, encoding: 'utf16le' }), expect.objectContaining({ needle: ID_NUMBER, encoding: 'utf16le' })]));
    expect(hits.some((hit) => hit.needle === PHONE)).toBe(false);
  });
});

describe('a Linux machine whose keystore is basic_text', () => {
  it('refuses to store customer data (KEYSTORE_UNSAFE, no store file) unless the centre allows it', async () => {
    let allowed = false;
    const basicText = { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'basic_text', encryptString: (plain: string) => Buffer.from(plain), decryptString: (sealed: Buffer) => sealed.toString() };
    const api = await startApiServer({ db: path.join(dir, 'central.db') });
    try {
      const sessions = new SessionService({ profileDir, serverUrl: api.url, log: silentLogger, keys: new ProfileKeys(profileDir, electronKeySealer(basicText, 'linux'), () => allowed) });
      await expect(sessions.login('1001', 'hotline1001')).rejects.toMatchObject({ code: 'KEYSTORE_UNSAFE' });
      expect(existsSync(profileDir) ? filesUnder(profileDir).filter((file) => file.includes('agent-')) : []).toEqual([]);
      allowed = true;
      const session = await sessions.login('1001', 'hotline1001');
      await session.verifierSaved;
      session.db.close();
      expect(existsSync(path.join(profileDir, 'agent-1001.db'))).toBe(true);
    } finally {
      await api.close();
    }
  });
});

describe('the training sandbox', () => {
  it('is encrypted with a key of its own', () => {
    const real = openStore(path.join(profileDir, 'agent-1001.db'), { key: Buffer.alloc(32, 7) });
    const key = new ProfileKeys(profileDir, keyFileSealer).keyFor('training-1001.db');
    const sandbox = openTrainingSandbox({ profileDir, agentId: '1001', realDb: real, log: silentLogger, key });
    writeValue(sandbox.db, 'settings', 'practice', `${PHONE} ${ADDRESS}`);
    sandbox.db.close();
    real.close();
    expect(findInFiles(profileDir, SECRETS)).toEqual([]);
    expect(() => new Database(sandbox.file, { readonly: true }).prepare('SELECT 1 FROM sqlite_master').all()).toThrow(/not a database/);
  });
});

describe('a profile written before encryption', () => {
  it('is encrypted on the first sign-in, keeps its data, and leaves nothing in clear behind', async () => {
    // What an older workstation left: a clear store with the agent's data and an unsent write.
    const store = path.join(profileDir, 'agent-1001.db');
    const old = openStore(store);
    writeValue(old, 'settings', 'note_from_old_build', `回访 ${PHONE} ${ADDRESS}`);
    old.close();
    expect(findInFiles(profileDir, [PHONE]).length).toBeGreaterThan(0);

    const ws = await boot();
    await ws.call('session.login', { agentId: '1001', password: 'hotline1001' });
    const db = booted!.workstation.requireSession().db;
    expect(db.prepare("SELECT value FROM settings WHERE key = 'note_from_old_build'").pluck().get()).toBe(`回访 ${PHONE} ${ADDRESS}`);
    expect(findInFiles(profileDir, [PHONE, ADDRESS])).toEqual([]);
    expect(filesUnder(profileDir).some((file) => file.includes('.encrypting'))).toBe(false);
    await ws.call('session.logout', {});
    expect(() => new Database(store, { readonly: true }).prepare('SELECT 1 FROM sqlite_master').all()).toThrow(/not a database/);
  });
});

// Stores written by builds before AEGIS-256 used ChaCha20-Poly1305. The old file here is written
// by the cipher library itself, not by our module, so the test does not take the conversion's
// word for what an old store looks like.
describe('a store written with the earlier cipher (ChaCha20)', () => {
  const key = Buffer.alloc(32, 9);
  function writeLegacyStore(file: string): void {
    mkdirSync(path.dirname(file), { recursive: true });
    const legacy = new Ciphers(file);
    legacy.pragma(`cipher = 'chacha20'`);
    legacy.pragma(`key = "x'${key.toString('hex')}'"`);
    legacy.pragma('journal_mode = WAL');
    legacy.exec('CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)');
    legacy.prepare('INSERT INTO settings VALUES (?, ?)').run('left_by_old_build', `回访 ${PHONE} ${ADDRESS}`);
    legacy.close();
  }
  function opensWithCipher(file: string, cipher: string[]): boolean {
    const probe = new Ciphers(file, { readonly: true, fileMustExist: true });
    try {
      for (const pragma of cipher) probe.pragma(pragma);
      probe.pragma(`key = "x'${key.toString('hex')}'"`);
      probe.prepare('SELECT count(*) FROM sqlite_master').get();
      return true;
    } catch {
      return false;
    } finally {
      probe.close();
    }
  }

  it('opens with its data, is rewritten as AEGIS-256, and leaves nothing in clear', () => {
    const file = path.join(profileDir, 'agent-1001.db');
    writeLegacyStore(file);
    const db = openEncryptedSqlite(file, key);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'left_by_old_build'").pluck().get()).toBe(`回访 ${PHONE} ${ADDRESS}`);
    db.close();
    expect(findInFiles(profileDir, [PHONE, ADDRESS])).toEqual([]);
    expect(filesUnder(profileDir).some((name) => name.includes('.encrypting'))).toBe(false);
    expect(opensWithCipher(file, ["cipher = 'aegis'", "algorithm = 'aegis-256'"])).toBe(true);
    expect(opensWithCipher(file, ["cipher = 'chacha20'"])).toBe(false);
  });

  it('with a wrong key is refused as such and not touched', () => {
    const file = path.join(profileDir, 'agent-1001.db');
    writeLegacyStore(file);
    const before = readFileSync(file);
    expect(() => openEncryptedSqlite(file, Buffer.alloc(32, 1))).toThrow(WrongStoreKeyError);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(opensWithCipher(file, ["cipher = 'chacha20'"])).toBe(true);
  });
});
