import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EntityId, PublishableCollection, PublishResponse, LoginResponse } from '../../../src-shared/sync/protocol.js';
import { openStorage } from '../../start.js';
import type { CliCommand } from '../../../src-node/cli/command.js';

// `npm run admin -- content publish --collection <c> --file docs.json (--db <…> | --server URL --agent ID --password PW)`
// docs.json: [{"id": "...", "data": {...}} | {"id": "...", "deleted": true}]. One transaction, one poke.

const Documents = z.array(z.object({ id: EntityId, data: z.record(z.string(), z.unknown()).nullable().default(null), deleted: z.boolean().default(false) })).min(1);

const publish: CliCommand = {
  path: ['content', 'publish'],
  summary: 'publish content for everyone: --collection <handbook|scripts|forms|codes|assets|config> --file <json> (--db <…> | --server <url> --agent <id> --password <pw>)',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { collection: { type: 'string' }, file: { type: 'string' }, db: { type: 'string' }, server: { type: 'string' }, agent: { type: 'string' }, password: { type: 'string' } },
    });
    const collection = PublishableCollection.safeParse(values.collection);
    if (!collection.success || !values.file) {
      console.error(`--collection <${PublishableCollection.options.join('|')}> and --file <json> are required`);
      return 2;
    }
    const parsed = Documents.safeParse(JSON.parse(readFileSync(values.file, 'utf8')));
    if (!parsed.success) {
      console.error(parsed.error.issues.slice(0, 10).map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
      return 2;
    }
    const documents = parsed.data.map((doc) => ({ collection: collection.data, ...doc }));
    if (values.server) {
      // Through the API: admin role checked there, validators run, connected workstations poked.
      const login = await fetch(new URL('/v1/auth/login', values.server), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId: values.agent, password: values.password }) });
      if (!login.ok) {
        console.error(`login failed: ${await login.text()}`);
        return 1;
      }
      const { accessToken } = LoginResponse.parse(await login.json());
      const response = await fetch(new URL('/v1/admin/publish', values.server), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ documents }),
      });
      if (!response.ok) {
        console.error(`publish refused: ${await response.text()}`);
        return 1;
      }
      console.log(`published ${PublishResponse.parse(await response.json()).published} ${collection.data} documents via ${values.server}`);
      return 0;
    }
    if (!values.db) {
      console.error('--db or --server is required');
      return 2;
    }
    const storage = await openStorage(values.db);
    try {
      await storage.putDocuments(documents.map((doc) => ({ ...doc, team: null, owner: null })));
    } finally {
      await storage.close();
    }
    console.log(`published ${documents.length} ${collection.data} documents into ${values.db.replace(/\/\/[^@/]*@/, '//***@')}`);
    return 0;
  },
};

export const contentCommands: CliCommand[] = [publish];
