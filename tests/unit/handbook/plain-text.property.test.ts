import { describe, expect, it } from 'vitest';
import { markdownToPlainText, parsedPlainText } from '../../../src-main/services/handbook/plain-text.js';
import { seededRandom } from '../../support/seeded-random.js';

// markdownToPlainText skips marked's lexer when nothing in the text could be markup. The truth for
// that shortcut is marked itself: for generated text rich in the characters the shortcut lets
// through (`( ) ! : @ = - . /`, autolinks, line breaks), both give the same visible text. The
// generator also mixes in real markup now and then, so the shortcut's check is exercised both ways.

const HAN = '宽带故障报修光猫网速慢携号转网停机保号话费查询';
const LATIN = 'abcKLMxyz';
const LOOSE = '()!:@=-./';
const PIECES = ['www.10000.cn', 'https://10000.cn/(套餐)', 'kf@189.cn', '速率:100M', '(注)', '!', '==', '--', ' = ', '1)', '-1', '2.5'];
const MARKUP = ['*', '_', '[a](b)', '`x`', '#', '|', '<b>', '&amp;', '~~d~~'];

function generate(rand: () => number): string {
  let text = '';
  const length = 5 + Math.floor(rand() * 60);
  for (let i = 0; i < length; i++) {
    const r = rand();
    if (r < 0.45) text += HAN[Math.floor(rand() * HAN.length)];
    else if (r < 0.55) text += LATIN[Math.floor(rand() * LATIN.length)];
    else if (r < 0.7) text += LOOSE[Math.floor(rand() * LOOSE.length)];
    else if (r < 0.8) text += PIECES[Math.floor(rand() * PIECES.length)];
    else if (r < 0.88) text += ' ';
    else if (r < 0.95) text += '\n';
    else if (r < 0.97) text += '\n\n';
    else text += MARKUP[Math.floor(rand() * MARKUP.length)];
  }
  return text;
}

/** Whitespace is a separator for the index and the snippets alike; its kind and amount are not text. */
const visible = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('plain text without a parse', () => {
  it('is what marked shows, for 20,000 generated texts', () => {
    const rand = seededRandom(1313);
    let shortcut = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = generate(rand);
      const fast = markdownToPlainText(text);
      const parsed = parsedPlainText(text);
      if (visible(fast) !== visible(parsed)) expect({ text, fast: visible(fast) }).toEqual({ text, fast: visible(parsed) });
      if (fast === text.replace(/[ \t]+/g, ' ')) shortcut++;
    }
    // Both ways are taken: the check lets most of these through, and refuses real markup.
    expect(shortcut).toBeGreaterThan(5_000);
    expect(shortcut).toBeLessThan(19_000);
  });
});
