import { existsSync, readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SEARCH_LIMIT_MAX } from '../../../src-shared/ipc/handbook.js';
import { exportHandbookFolder, importHandbookFolder } from '../../services/handbook/import-export.js';
import { searchHandbook, warmUpSearch } from '../../services/handbook/search.js';
import { suggestQueries } from '../../services/handbook/suggestions.js';
import { openStore, type Db } from '../../services/store/open-store.js';
import { printProblems, warningSummary, type CliCommand } from '../../../src-node/cli/command.js';

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}

function usage(text: string): number {
  console.error(`usage: npm run cli -- ${text}`);
  return 2;
}

/** Opens an existing workstation store; commands that only read must not create an empty one. */
function openExisting(file: string): Db | undefined {
  if (!existsSync(file)) {
    console.error(`No such store: ${file}`);
    return undefined;
  }
  return openStore(file);
}

const importCommand: CliCommand = {
  path: ['handbook', 'import'],
  summary: 'Import a folder of Markdown articles into a workstation store (created if missing)',
  async run(args) {
    const { values, positionals } = parse(args, { db: { type: 'string' } });
    if (positionals.length !== 1 || !values.db) return usage('handbook import <dir> --db <file>');
    const db = openStore(values.db as string);
    try {
      const report = importHandbookFolder(db, positionals[0]!);
      printProblems(report.problems, report.warnings);
      console.log(
        `imported ${report.imported} article(s); skipped ${report.skipped.length} file(s)${report.skipped.length ? `: ${report.skipped.join(', ')}` : ''}${warningSummary(report.warnings)}`,
      );
      return report.skipped.length > 0 ? 1 : 0;
    } finally {
      db.close();
    }
  },
};

const exportCommand: CliCommand = {
  path: ['handbook', 'export'],
  summary: 'Export the articles of a workstation store as a folder of Markdown files',
  async run(args) {
    const { values, positionals } = parse(args, { db: { type: 'string' } });
    if (positionals.length !== 1 || !values.db) return usage('handbook export <dir> --db <file>');
    const db = openExisting(values.db as string);
    if (!db) return 2;
    try {
      const { exported, assets } = exportHandbookFolder(db, positionals[0]!);
      console.log(`exported ${exported} article(s) and ${assets} picture/audio file(s) to ${positionals[0]}`);
      return 0;
    } finally {
      db.close();
    }
  },
};

const searchCommand: CliCommand = {
  path: ['handbook', 'search'],
  summary: `Search a workstation store: <query> | --batch <file> [--json] [--limit N ≤ ${SEARCH_LIMIT_MAX}] [--category C]`,
  async run(args) {
    const { values, positionals } = parse(args, {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      limit: { type: 'string' },
      category: { type: 'string' },
      batch: { type: 'string' },
    });
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    const batch = values.batch as string | undefined;
    if (!values.db || (batch ? positionals.length !== 0 : positionals.length !== 1) || !Number.isInteger(limit) || limit < 1) {
      return usage('handbook search --db <file> [--json] [--limit N] [--category C] (<query> | --batch <file>)');
    }
    if (limit > SEARCH_LIMIT_MAX) {
      console.error(`--limit 最大为 ${SEARCH_LIMIT_MAX} (--limit is at most ${SEARCH_LIMIT_MAX}): ${limit}`);
      return 2;
    }
    const db = openExisting(values.db as string);
    if (!db) return 2;
    try {
      warmUpSearch(db);
      const queries = batch ? readFileSync(batch, 'utf8').replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n') : [positionals[0]!];
      for (const query of queries) {
        const started = performance.now();
        const hits = searchHandbook(db, query, { limit, category: values.category as string | undefined });
        const ms = Math.round((performance.now() - started) * 1000) / 1000;
        const results = hits.map(({ id, title, category, snippet, score, match }) => ({ id, title, category, snippet, score, match }));
        const suggestions = results.length === 0 && query.trim() ? suggestQueries(db, query) : [];
        if (values.json) console.log(JSON.stringify({ query, ms, results, ...(suggestions.length ? { suggestions } : {}) }));
        else {
          console.log(`${query}  (${results.length} result(s), ${ms} ms)${suggestions.length ? `  您是不是要找 (did you mean): ${suggestions.join(' · ')}` : ''}`);
          for (const hit of results) console.log(`  ${hit.score.toFixed(2).padStart(7)}  ${hit.id}${hit.match === 'related' ? ' (related)' : ''}  ${hit.title}  [${hit.category}]\n           ${hit.snippet.replace(/<\/?mark>/g, '*')}`);
        }
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export const handbookCommands: CliCommand[] = [importCommand, exportCommand, searchCommand];
