import { parseArgs } from 'node:util';
import { Agent } from '../../../src-shared/domain/agent.js';
import { describePasswordProblems, passwordProblems } from '../../../src-shared/domain/password-policy.js';
import { hashPassword } from '../../../src-node/passwords.js';
import { withStorage } from './with-storage.js';
import type { CliCommand } from '../../../src-node/cli/command.js';

// `npm run admin -- agents add|list|disable --db <sqlite file | postgres://…> …`: agent accounts
// straight in a central database (the API reads them on the next login).

const addAgent: CliCommand = {
  path: ['agents', 'add'],
  summary: 'add or update an agent: --db --id --password --name --team --role <agent|teamlead|trainer|admin>',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { db: { type: 'string' }, id: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, team: { type: 'string' }, role: { type: 'string', default: 'agent' } },
    });
    const agent = Agent.safeParse({ id: values.id, name: values.name, team: values.team, role: values.role });
    if (!agent.success) {
      console.error(agent.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'));
      return 2;
    }
    const refused = refusedPassword(values.password, agent.data.id);
    if (refused) {
      console.error(refused);
      return 2;
    }
    return withStorage(values.db, async (storage) => {
      const existed = await storage.findAgent(agent.data.id);
      await storage.saveAgent({ ...agent.data, passwordHash: await hashPassword(values.password!), disabled: false });
      console.log(`${existed ? 'updated' : 'added'} agent ${agent.data.id} (${agent.data.name}, ${agent.data.team}, ${agent.data.role})`);
      return 0;
    });
  },
};

/** The centre's password policy (src-shared/domain/password-policy.ts), as the CLI reports it. */
function refusedPassword(password: string | undefined, agentId: string): string | undefined {
  if (!password) return '--password is required';
  const problems = passwordProblems(password, agentId);
  return problems.length > 0 ? `--password: ${describePasswordProblems(problems)}` : undefined;
}

const setPassword: CliCommand = {
  path: ['agents', 'password'],
  summary: "set an agent's password (signs them out everywhere): --db --id --password",
  async run(args) {
    const { values } = parseArgs({ args, options: { db: { type: 'string' }, id: { type: 'string' }, password: { type: 'string' } } });
    const refused = refusedPassword(values.password, values.id ?? '');
    if (refused) {
      console.error(refused);
      return 2;
    }
    return withStorage(values.db, async (storage) => {
      const agent = values.id ? await storage.findAgent(values.id) : undefined;
      if (!agent) {
        console.error(`no agent ${values.id ?? '(missing --id)'}`);
        return 1;
      }
      await storage.saveAgent({ ...agent, passwordHash: await hashPassword(values.password!) });
      console.log(`password set for agent ${agent.id}`);
      return 0;
    });
  },
};

const listAgents: CliCommand = {
  path: ['agents', 'list'],
  summary: 'list agents: --db',
  async run(args) {
    const { values } = parseArgs({ args, options: { db: { type: 'string' } } });
    return withStorage(values.db, async (storage) => {
      for (const agent of await storage.listAgents()) {
        console.log([agent.id, agent.name, agent.team, agent.role, agent.disabled ? 'disabled' : 'active'].join('\t'));
      }
      return 0;
    });
  },
};

const disableAgent: CliCommand = {
  path: ['agents', 'disable'],
  summary: 'disable an agent (no new logins or token refreshes): --db --id',
  async run(args) {
    const { values } = parseArgs({ args, options: { db: { type: 'string' }, id: { type: 'string' } } });
    return withStorage(values.db, async (storage) => {
      const agent = values.id ? await storage.findAgent(values.id) : undefined;
      if (!agent) {
        console.error(`no agent ${values.id ?? '(missing --id)'}`);
        return 1;
      }
      await storage.saveAgent({ ...agent, disabled: true });
      console.log(`disabled agent ${agent.id}`);
      return 0;
    });
  },
};

export const agentCommands: CliCommand[] = [addAgent, setPassword, listAgents, disableAgent];

