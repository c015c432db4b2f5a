import { describe, expect, it } from 'vitest';
import { cjkColumns, pinyinColumns, segment } from '../../../src-main/services/handbook/tokenizer.js';

describe('tokenizer: Chinese text becomes tokens unicode61 keeps whole', () => {
  it('splits Han runs from words and drops punctuation and emoji', () => {
    expect(segment('办理5G套餐，FTTH光猫😀 Wi-Fi')).toEqual([
      { kind: 'cjk', text: '办理' },
      { kind: 'word', text: '5g' },
      { kind: 'cjk', text: '套餐' },
      { kind: 'word', text: 'ftth' },
      { kind: 'cjk', text: '光猫' },
      { kind: 'word', text: 'wi' },
      { kind: 'word', text: 'fi' },
    ]);
  });

  it('indexes every character bigram of a run and every single character', () => {
    expect(cjkColumns('宽带故障')).toEqual({ terms: '宽带 带故 故障', chars: '宽 带 故 障' });
  });

  it('a one-character run has no bigram but is still findable by its character', () => {
    expect(cjkColumns('猫 ONU')).toEqual({ terms: 'onu', chars: '猫' });
  });

  it('pinyin columns hold every prefix of full pinyin and initials from each character', () => {
    const { full, initials, runs } = pinyinColumns(['携号转网']);
    const fullTokens = full.split(' ');
    const initialTokens = initials.split(' ');
    expect(initialTokens).toEqual(expect.arrayContaining(['x', 'xh', 'xhz', 'xhzw', 'hzw', 'zw', 'w']));
    expect(fullTokens).toEqual(expect.arrayContaining(['xiehaozhuanw', 'xieh', 'haozhuanwang', 'zhuanwang', 'wang']));
    expect(runs).toEqual([['携号转网', ['xie', 'hao', 'zhuan', 'wang']]]);
  });

  it('宽带 gives kd, the pinyin initials agents type', () => {
    expect(pinyinColumns(['家庭宽带']).initials.split(' ')).toContain('kd');
  });
});
