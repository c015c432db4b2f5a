import Database from 'better-sqlite3';
import { statSync } from 'node:fs';

// The anchors: what a developer would build first, SQLite FTS5 straight over the raw article text
// (title, keywords, synonyms and the Markdown body as stored, markup and all), ranked by FTS5's own
// bm25. Written apart from the product's search code (nothing of src-main): a bigram index
// (Chinese cut into overlapping character pairs in JS, everything else words of unicode61) and
// FTS5's built-in trigram tokenizer (substrings of three or more characters from the index; one-
// and two-character parts of a query by LIKE, which scans every row).

export type AnchorName = 'bigram' | 'trigram';

export interface AnchorArticle {
  id: string;
  /** The raw text: title, keywords, synonyms and the Markdown body, joined by line breaks. */
  raw: string;
}

const HAN_RUN = /(\p{Script=Han}+)/u;
const PARTS = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}\p{M}])+/gu;

/** Chinese runs as their overlapping pairs plus the last character alone (so one character is a prefix query). */
function bigramText(raw: string): string {
  return raw
    .toLowerCase()
    .split(HAN_RUN)
    .map((piece, index) => {
      if (index % 2 === 0) return piece;
      const chars = [...piece];
      const pairs = chars.slice(0, -1).map((char, i) => char + chars[i + 1]!);
      return ` ${[...pairs, chars[chars.length - 1]!].join(' ')} `;
    })
    .join('');
}

const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** The parts of a query (Han runs, runs of other letters and digits), lower-cased, as both anchors read it. */
export function queryParts(query: string): string[] {
  return query.toLowerCase().match(PARTS) ?? [];
}

function bigramMatch(parts: string[]): string {
  return parts
    .map((part) => {
      if (!/\p{Script=Han}/u.test(part)) return `${quote(part)}*`;
      const chars = [...part];
      if (chars.length === 1) return `${quote(part)}*`;
      return quote(chars.slice(0, -1).map((char, i) => char + chars[i + 1]!).join(' '));
    })
    .join(' AND ');
}

export class Fts5Anchor {
  private readonly db: Database.Database;
  private readonly ids: string[] = [];
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    readonly name: AnchorName,
    private readonly file: string,
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = OFF');
    this.db.exec(
      name === 'bigram'
        ? `CREATE VIRTUAL TABLE docs USING fts5(text, tokenize = 'unicode61 remove_diacritics 0')`
        : `CREATE VIRTUAL TABLE docs USING fts5(text, tokenize = 'trigram')`,
    );
  }

  /** Builds the index; returns the milliseconds it took (optimize included). */
  build(articles: AnchorArticle[]): number {
    const started = performance.now();
    const insert = this.db.prepare('INSERT INTO docs (rowid, text) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const article of articles) {
        this.ids.push(article.id);
        insert.run(this.ids.length, this.name === 'bigram' ? bigramText(article.raw) : article.raw);
      }
    })();
    this.db.exec(`INSERT INTO docs (docs) VALUES ('optimize')`);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return performance.now() - started;
  }

  /** Bytes of the database file (the FTS5 index with its copy of the text: FTS5 stores the content). */
  bytes(): number {
    this.db.exec('VACUUM');
    return statSync(this.file).size;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  /** The query as SQL: a MATCH where the index can answer, LIKE for what the trigram index cannot (under three characters). */
  private plan(query: string): { where: string; params: string[]; ranked: boolean } | null {
    const parts = queryParts(query);
    if (parts.length === 0) return null;
    if (this.name === 'bigram') return { where: 'docs MATCH ?', params: [bigramMatch(parts)], ranked: true };
    const long = parts.filter((part) => [...part].length >= 3);
    const short = parts.filter((part) => [...part].length < 3);
    const where = [...(long.length ? ['docs MATCH ?'] : []), ...short.map(() => `text LIKE ? ESCAPE '\\'`)].join(' AND ');
    const params = [...(long.length ? [long.map(quote).join(' AND ')] : []), ...short.map((part) => `%${part.replace(/[\\%_]/g, '\\$&')}%`)];
    return { where, params, ranked: long.length > 0 };
  }

  /** The top `limit` ids, by bm25 where there is a MATCH. */
  search(query: string, limit: number): string[] {
    const plan = this.plan(query);
    if (!plan) return [];
    const sql = `SELECT rowid FROM docs WHERE ${plan.where}${plan.ranked ? ' ORDER BY rank' : ''} LIMIT ?`;
    return (this.statement(sql).pluck().all(...plan.params, limit) as number[]).map((rowid) => this.ids[rowid - 1]!);
  }

  /** Every matching id, no limit: for recall and precision. */
  allMatching(query: string): string[] {
    const plan = this.plan(query);
    if (!plan) return [];
    return (this.statement(`SELECT rowid FROM docs WHERE ${plan.where}`).pluck().all(...plan.params) as number[]).map((rowid) => this.ids[rowid - 1]!);
  }

  close(): void {
    this.db.close();
  }
}
