import { describe, expect, it } from 'vitest';
import { formatTypedDateTime, parseTypedDateTime } from '../../../src-renderer/ui/typed-datetime.js';

// What an agent types into a date-time field, and what it means, written out by hand. "Now" is
// Thursday 3 December 2026, 10:20 local time.
const NOW = new Date(2026, 11, 3, 10, 20);
const read = (typed: string) => {
  const parsed = parseTypedDateTime(typed, NOW);
  return parsed instanceof Date ? formatTypedDateTime(parsed) : parsed;
};

describe('a date-time typed as an agent types it', () => {
  it.each([
    ['202612031500', '2026-12-03 15:00'],
    ['2026-12-03 15:00', '2026-12-03 15:00'],
    ['2026-12-03T15:00', '2026-12-03 15:00'],
    ['2026/12/3 9:05', '2026-12-03 09:05'],
    ['2026.12.03 0930', '2026-12-03 09:30'],
    ['2026年12月3日 15点30', '2026-12-03 15:30'],
    ['2026年12月3日15点', '2026-12-03 15:00'],
    ['２０２６－１２－０３ １５：００', '2026-12-03 15:00'],
    ['12031500', '2026-12-03 15:00'],
    ['12-24 18:00', '2026-12-24 18:00'],
    ['12月24日 18:00', '2026-12-24 18:00'],
    ['1/5 8:00', '2026-01-05 08:00'],
    ['15:00', '2026-12-03 15:00'],
    ['1500', '2026-12-03 15:00'],
    ['今天 18:00', '2026-12-03 18:00'],
    ['明天 15:00', '2026-12-04 15:00'],
    ['明天15点', '2026-12-04 15:00'],
    ['后天 9:30', '2026-12-05 09:30'],
    ['  2026-12-31 23:59  ', '2026-12-31 23:59'],
  ])('%s → %s', (typed, shown) => {
    expect(read(typed)).toBe(shown);
  });

  it.each(['', '   '])('nothing typed (%j) is no value', (typed) => {
    expect(read(typed)).toBeNull();
  });

  it.each(['2026-02-30 10:00', '2026-13-01 10:00', '24:00', '12:60', '2026123115', '明天', '下周一 10:00', 'abc', '2026-12-03', '99999999'])('%s is not a date-time', (typed) => {
    expect(read(typed)).toBe('invalid');
  });

  it('crosses a month end for relative days', () => {
    const lastDay = new Date(2026, 11, 31, 9, 0);
    expect(formatTypedDateTime(parseTypedDateTime('明天 8:00', lastDay) as Date)).toBe('2027-01-01 08:00');
  });
});
