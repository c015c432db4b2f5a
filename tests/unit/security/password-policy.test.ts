import { describe, expect, it } from 'vitest';
import { describePasswordProblems, passwordProblems } from '../../../src-shared/domain/password-policy.js';

describe('password policy', () => {
  it.each([
    ['Lantern-river7', []],
    ['蓝色大海Wave99', []],
    ['correct horse battery staple 9', []],
    ['Ab1!', ['at least 10 characters']],
    ['alllowercaseletters', ['use at least three of: lower-case letters, upper-case letters, digits, symbols']],
    ['Xy_4001_zzzz', ['must not contain the agent id']],
    ['MyPassword!1', ['must not contain a common password (password)']],
    ['Hotline2026!', ['must not contain a common password (hotline)']],
    ['Aaaaaaaaaaaa', ['use at least three of: lower-case letters, upper-case letters, digits, symbols']],
    ['!!!!!!!!!!!!', ['use at least three of: lower-case letters, upper-case letters, digits, symbols', 'must not repeat one character']],
    [`Aa1!${'x'.repeat(200)}`, ['at most 200 characters']],
  ])('%s', (password, expected) => {
    expect(passwordProblems(password, '4001').map((problem) => problem.en)).toEqual(expected);
  });

  it('says what is wrong in Chinese and English', () => {
    expect(describePasswordProblems(passwordProblems('abc', '4001'))).toMatch(/^密码不符合要求：密码至少 10 个字符；.* \/ Password refused: at least 10 characters; /);
  });
});
