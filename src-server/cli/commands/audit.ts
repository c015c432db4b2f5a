import { parseArgs } from 'node:util';
import { RevealAuditQuery } from '../../../src-shared/privacy/reveal-audit.js';
import type { CliCommand } from '../../../src-node/cli/command.js';
import { withStorage } from './with-storage.js';

// `npm run admin -- audit reveals --db … [--team 宽带一组] [--agent 1001] [--since 2026-12-01T00:00:00Z] [--limit 200]`:
// the centre's reveal audit, newest first, one tab-separated line a reveal (for the
// information-security officer; the same rows `GET /v1/audit/reveals` answers).

const listReveals: CliCommand = {
  path: ['audit', 'reveals'],
  summary: 'who looked at which masked customer value, why and when: --db [--team] [--agent] [--since ISO time] [--limit N]',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { db: { type: 'string' }, team: { type: 'string' }, agent: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' } },
    });
    const query = RevealAuditQuery.safeParse({ team: values.team, agentId: values.agent, since: values.since, limit: values.limit });
    if (!query.success) {
      console.error(query.error.issues.map((issue) => `--${issue.path.join('.') === 'agentId' ? 'agent' : issue.path.join('.')}: ${issue.message}`).join('\n'));
      return 2;
    }
    return withStorage(values.db, async (storage) => {
      const reveals = await storage.listReveals(query.data);
      console.log(['recordedAt', 'revealedAt', 'agent', 'role', 'team', 'ticket', 'field', 'reason'].join('\t'));
      for (const r of reveals) console.log([r.recordedAt, r.revealedAt, r.agentId, r.agentRole, r.team, r.ticketId, r.field, r.reason.replace(/\s+/g, ' ')].join('\t'));
      return 0;
    });
  },
};

export const auditCommands: CliCommand[] = [listReveals];
