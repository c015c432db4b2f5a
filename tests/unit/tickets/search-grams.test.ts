import { describe, expect, it } from 'vitest';
import { toGrams, toMatchQuery } from '../../../src-main/services/tickets/search-grams.js';

describe('ticket search grams', () => {
  it('indexes Chinese as unigrams and bigrams and other words whole', () => {
    expect(toGrams('宽带断网 GD20261123-8F3A2C')).toBe('宽 带 断 网 宽带 带断 断网 gd20261123 8f3a2c');
  });

  it('turns a query into quoted terms, so FTS syntax typed by an agent is only text', () => {
    expect(toMatchQuery('网速')).toBe('"网速"');
    expect(toMatchQuery('光猫 渝中区')).toBe('"光猫" AND "渝中" AND "中区"');
    expect(toMatchQuery('信')).toBe('"信"');
    expect(toMatchQuery('1381234')).toBe('"1381234"*');
    expect(toMatchQuery('a" OR "b')).toBe('"a"* AND "or"* AND "b"*');
    expect(toMatchQuery('（）!')).toBeNull();
  });
});
