import { parseArgs } from 'node:util';
import { printProblems, warningSummary, type CliCommand } from '../../../src-node/cli/command.js';
import { publishHandbookFolder } from '../../handbook/publish.js';
import { openStorage } from '../../start.js';

const publishCommand: CliCommand = {
  path: ['handbook', 'publish'],
  summary: "Publish a folder of Markdown articles (and their pictures/audio) to the central API's database",
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: { db: { type: 'string' } }, allowPositionals: true, strict: true });
    if (positionals.length !== 1 || !values.db) {
      console.error('usage: npm run admin -- handbook publish <dir> --db <central database>');
      return 2;
    }
    const storage = await openStorage(values.db);
    try {
      const report = await publishHandbookFolder(storage, positionals[0]!);
      printProblems(report.problems, report.warnings);
      console.log(
        `published ${report.published} article(s) and ${report.assets} new picture/audio file(s); ${report.unchanged} unchanged; skipped ${report.skipped.length} file(s)${warningSummary(report.warnings)}`,
      );
      return report.skipped.length > 0 ? 1 : 0;
    } finally {
      await storage.close();
    }
  },
};

export const handbookCommands: CliCommand[] = [publishCommand];
