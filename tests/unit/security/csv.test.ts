import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../src-shared/csv.js';
import { scorecardCsv } from '../../../src-shared/training/scorecard.js';

describe('CSV exports', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","点我")', `"'=HYPERLINK(""http://evil.example"",""点我"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ])('neutralises the formula %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('leaves ordinary text alone and quotes per RFC 4180', () => {
    expect(csvCell('宽带断网')).toBe('宽带断网');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('1+1=2')).toBe('1+1=2');
    expect(toCsv([['a', '=b'], ['c', 'd']])).toBe("a,'=b\r\nc,d\r\n");
  });

  it('the training scorecard cannot carry a live formula from authored content', () => {
    const csv = scorecardCsv({
      scenarioTitle: '=HYPERLINK("http://evil.example","复习")',
      trainee: '@张敏',
      keyPoints: [{ id: 'k', label: '+核实身份', hit: true }],
      riskPoints: [],
      ticket: undefined,
      handleSeconds: 60,
      targetHandleSeconds: 120,
      points: { total: 10 },
      passed: true,
    } as unknown as Parameters<typeof scorecardCsv>[0]);
    // Parsed as a spreadsheet would: no cell of any row begins with a formula character.
    const cells = csv.split('\r\n').flatMap((line) => line.match(/("([^"]|"")*"|[^,]*)/g) ?? []);
    for (const cell of cells) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
    expect(csv).toContain("'+核实身份");
  });
});
