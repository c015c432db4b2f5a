import path from 'node:path';
import { flattenCodeTree } from '../../../src-shared/tickets/codes.js';
import { DEFAULT_SEEDS_DIR } from '../../seed/load-seeds.js';
import { readTicketSeeds } from '../../seed/ticket-seeds.js';
import type { CliCommand } from '../../../src-node/cli/command.js';

/** `npm run admin -- tickets check-forms [seeds-dir]`: checks forms and complaint codes before they are published. */
const checkForms: CliCommand = {
  path: ['tickets', 'check-forms'],
  summary: 'Check ticket form schemas and complaint codes (seeds/forms/*.json, seeds/complaint-codes.json)',
  async run(args) {
    const dir = path.resolve(args[0] ?? DEFAULT_SEEDS_DIR);
    try {
      const { forms, codeTrees } = readTicketSeeds(dir);
      for (const form of forms) {
        console.log(`form ${form.id} v${form.version} (${form.name.zh} / ${form.name.en}): ${form.fields.length} fields in ${form.sections.length} sections`);
      }
      for (const tree of codeTrees) console.log(`code tree ${tree.id} v${tree.version}: ${flattenCodeTree(tree).length} leaves`);
      return 0;
    } catch (error) {
      console.error((error as Error).message);
      return 1;
    }
  },
};

export const ticketCommands: CliCommand[] = [checkForms];
