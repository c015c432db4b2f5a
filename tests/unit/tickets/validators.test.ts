import { describe, expect, it } from 'vitest';
import { idCardCheckChar, idCardProblem, inputMasks, isMainlandMobile, isPhoneNumber } from '../../../src-shared/tickets/validators.js';

describe('ID card numbers (GB 11643-1999)', () => {
  it('accepts a number whose check character matches, including X', () => {
    expect(idCardProblem('11010519491231002X')).toBeNull();
    expect(idCardProblem('11010519491231002x')).toBeNull();
    const first17 = '50010319900307123';
    expect(idCardProblem(first17 + idCardCheckChar(first17))).toBeNull();
  });

  it('names a wrong check digit as a checksum problem', () => {
    expect(idCardProblem('110105194912310021')).toBe('checksum');
    const first17 = '50010319900307123';
    const wrong = idCardCheckChar(first17) === '5' ? '6' : '5';
    expect(idCardProblem(first17 + wrong)).toBe('checksum');
  });

  it('refuses impossible birth dates, future births, bad regions and wrong lengths', () => {
    expect(idCardProblem('110105194902301234')).toBe('birthDate'); // 30 February
    expect(idCardProblem('110105209901011234', new Date('2026-11-23'))).toBe('birthDate');
    expect(idCardProblem('010105194912310021')).toBe('region');
    expect(idCardProblem('11010519491231002')).toBe('format');
    expect(idCardProblem('11010519491231002Y')).toBe('format');
  });
});

describe('phone numbers', () => {
  it('accepts mainland mobiles with or without +86 and spaces', () => {
    expect(isMainlandMobile('13812345678')).toBe(true);
    expect(isMainlandMobile('+86 138 1234 5678')).toBe(true);
    expect(isMainlandMobile('12812345678')).toBe(false);
    expect(isMainlandMobile('1381234567')).toBe(false);
  });

  it('accepts landlines with area code as phone numbers', () => {
    expect(isPhoneNumber('023-61234567')).toBe(true);
    expect(isPhoneNumber('01012345678')).toBe(true);
    expect(isPhoneNumber('61234567')).toBe(false);
  });

  it('input masks keep only what the field can hold', () => {
    expect(inputMasks.mobile('+86 138-1234-5678 9')).toBe('13812345678');
    expect(inputMasks.idNumber('110105 19491231 002x')).toBe('11010519491231002X');
  });
});
