import { describe, expect, it } from 'vitest';
import { allMatchingIds } from '../../../src-main/services/handbook/search.js';
import { substringMatches } from '../../bench/handbook/queries.js';
import { seededRandom } from '../../support/seeded-random.js';
import { article, memoryStore, saveAll } from './store-helpers.js';

// Property: for generated articles mixing Chinese, Latin, digits and the characters Markdown gives a
// meaning (< > & * _ [ ] ( ) ` # |), every substring of 1–8 characters of the text a reader sees is
// found, and nothing else is. The truth is built with each article, piece by piece: the generator
// knows what each piece of Markdown shows (it does not ask the product's parser), and matching is
// the bench's plain scan (a Chinese term anywhere, a word where a word starts).

const HAN = '宽带故障报修光猫网速慢携号转网停机保号话费查询发票实名制投诉国际漫游套餐流量的了是在有和';
const LATIN = 'abcdefgKLMNOPxyz';
const DIGITS = '0123456789';
const MARKUP = '<>&*_[]()`#|';
/** Words only ever used in markup (link targets, attributes): a search for them must find nothing. */
const HIDDEN_WORDS = ['zqxhref', 'vvpath', 'wwclass', 'jjpng', 'kkdata'];

interface Piece {
  markdown: string;
  visible: string;
}

function generator(seed: number) {
  const rand = seededRandom(seed);
  const pick = (text: string) => text[Math.floor(rand() * text.length)]!;
  const hidden = () => HIDDEN_WORDS[Math.floor(rand() * HIDDEN_WORDS.length)]!;

  /** Text with markup characters written the way an author writes them literally. */
  const text = (length: number): Piece => {
    let markdown = '';
    let visible = '';
    for (let i = 0; i < length; i++) {
      const r = rand();
      const char = r < 0.55 ? pick(HAN) : r < 0.7 ? pick(LATIN) : r < 0.8 ? pick(DIGITS) : r < 0.84 ? ' ' : pick(MARKUP);
      visible += char;
      if ('*_[]`\\'.includes(char)) markdown += `\\${char}`;
      else if (char === '&') markdown += '&amp;';
      // `<` stays raw (速率<10M) unless a letter follows, which could make it a tag: then escaped.
      else if (char === '<') markdown += '\uE000';
      else markdown += char;
    }
    markdown = markdown.replace(/\uE000(?=[A-Za-z!/?])/g, '&lt;').replace(/\uE000/g, '<');
    return { markdown, visible };
  };
  const plain = (length: number) => {
    let visible = '';
    for (let i = 0; i < length; i++) visible += rand() < 0.75 ? pick(HAN) : pick(LATIN + DIGITS);
    return visible;
  };
  const inline = (): Piece => {
    const words = plain(2 + Math.floor(rand() * 6));
    const r = rand();
    if (r < 0.15) return { markdown: `**${words}**`, visible: words };
    if (r < 0.3) {
      const code = Array.from({ length: 4 }, () => (rand() < 0.5 ? pick(MARKUP.replace('`', '')) : pick(HAN + LATIN))).join('');
      return { markdown: `\`${code}\``, visible: code };
    }
    if (r < 0.45) return { markdown: `[${words}](https://${hidden()}.example/${hidden()}?q=${hidden()})`, visible: words };
    if (r < 0.55) return { markdown: `![${words}](images/${hidden()}.png)`, visible: words };
    if (r < 0.65) return { markdown: `<span ${hidden()}="${hidden()}">${words}</span>`, visible: words };
    if (r < 0.75) return { markdown: `<b>${words}</b>`, visible: words };
    const placeholder = ['<套餐名>', '<form-feed>', '<file>', '<n>', '<stdio.h>', '>100M', '速率<10M'][Math.floor(rand() * 7)]!;
    return { markdown: placeholder, visible: placeholder };
  };
  /** A paragraph: starts with a Chinese character (never a heading, quote or list marker by accident). */
  const paragraph = (): Piece => {
    const pieces: Piece[] = [{ markdown: pick(HAN), visible: '' }];
    pieces[0]!.visible = pieces[0]!.markdown;
    for (let i = 0; i < 4; i++) pieces.push(text(3 + Math.floor(rand() * 12)), inline());
    return { markdown: pieces.map((p) => p.markdown).join(''), visible: pieces.map((p) => p.visible).join('') };
  };
  const block = (): Piece => {
    const r = rand();
    if (r < 0.15) {
      const code = Array.from({ length: 20 }, () => pick(HAN + LATIN + MARKUP.replace('`', ''))).join('');
      return { markdown: `\`\`\`\n${code}\n\`\`\``, visible: code };
    }
    if (r < 0.3) {
      const words = plain(6);
      return { markdown: `## ${words}`, visible: words };
    }
    if (r < 0.4) {
      const a = plain(5);
      const b = plain(5);
      return { markdown: `- ${a}\n- ${b}`, visible: `${a}\n${b}` };
    }
    return paragraph();
  };
  return () => {
    const blocks = Array.from({ length: 3 + Math.floor(rand() * 3) }, block);
    // Blocks are shown apart: a line break between them in the visible text.
    return { body: blocks.map((b) => b.markdown).join('\n\n'), visible: blocks.map((b) => b.visible).join('\n') };
  };
}

describe('what a reader sees is what search finds (property)', () => {
  const next = generator(2026);
  const generated = Array.from({ length: 60 }, (_, i) => ({ id: `p-${i}`, ...next() }));
  const db = memoryStore();
  // Titles without Han characters: an all-Latin query is also pinyin of a title, which is not the text.
  saveAll(db, generated.map((item, i) => article({ id: item.id, title: `T${i}`, body: item.body })));
  const visible = generated.map((item, i) => `T${i}\n${item.visible}`.toLowerCase());
  const truth = (query: string) => generated.filter((_, i) => substringMatches(visible[i]!, query)).map((item) => item.id).sort();
  const rand = seededRandom(7);

  it('every substring of 1–8 characters of the visible text finds exactly the articles that show it', () => {
    let checked = 0;
    for (const [index, item] of generated.entries()) {
      const text = item.visible;
      for (let sample = 0; sample < 40; sample++) {
        const length = 1 + (sample % 8);
        const start = Math.floor(rand() * Math.max(1, text.length - length));
        const query = text.slice(start, start + length);
        if (!/[\p{L}\p{N}]/u.test(query)) continue;
        const expected = truth(query);
        // Sanity of the truth: a substring that starts a word (or is Chinese) is in its own article.
        const startsTerm = !/[\p{L}\p{N}]/u.test(text[start - 1] ?? ' ') || /\p{Script=Han}/u.test(query[0]!) || /\p{Script=Han}/u.test(text[start - 1]!);
        if (startsTerm && /^[\p{L}\p{N}]/u.test(query)) expect(expected, query).toContain(item.id);
        expect(allMatchingIds(db, query).sort(), `${JSON.stringify(query)} of p-${index}`).toEqual(expected);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('finds nothing by what only the markup holds: link targets, picture files, attribute names and values', () => {
    for (const word of [...HIDDEN_WORDS, 'https', 'example', 'images', 'span', 'png']) expect(allMatchingIds(db, word), word).toEqual(truth(word));
    for (const word of HIDDEN_WORDS) expect(truth(word), word).toEqual([]);
  });

  it('finds the placeholder texts a telecom handbook is full of', () => {
    for (const query of ['套餐名', 'form-feed', 'stdio.h', '100M', '速率<10M']) {
      const expected = truth(query);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(allMatchingIds(db, query).sort(), query).toEqual(expected);
    }
  });
});
