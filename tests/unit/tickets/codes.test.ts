import { describe, expect, it } from 'vitest';
import { codePathText, flattenCodeTree, searchCodes } from '../../../src-shared/tickets/codes.js';
import { initialsOf } from '../../../src-main/services/tickets/published-config.js';
import { seeds } from './seed-forms.js';

const leaves = flattenCodeTree(seeds.codeTrees[0]!).map((leaf) => ({ ...leaf, initials: leaf.path.map((label) => initialsOf(label.zh)).join(' ') }));

describe('complaint code search', () => {
  it('finds 信号弱 by its pinyin initials', () => {
    expect(initialsOf('信号弱')).toBe('xhr');
    expect(codePathText(searchCodes(leaves, 'xhr')[0]!)).toBe('网络质量 / 移动网络 / 信号弱');
  });

  it('finds by Chinese text anywhere in the path, by initials across levels, and by code', () => {
    expect(searchCodes(leaves, '流量').map((leaf) => leaf.code)).toContain('BL-DATA-OVER');
    expect(searchCodes(leaves, 'ydwlxhr')[0]!.code).toBe('NQ-MOB-WEAK');
    expect(searchCodes(leaves, 'NQ-BB-SLOW')[0]!.code).toBe('NQ-BB-SLOW');
    expect(searchCodes(leaves, 'qqqq')).toEqual([]);
  });
});
