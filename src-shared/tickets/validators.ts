// Format checks shared by renderer, main and server. Pure functions, no I/O.

/** Mainland mobile numbers: 11 digits, 1 then 3–9 (13x…19x). A +86/0086 prefix is tolerated. */
export function normaliseMobile(input: string): string {
  return input.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
}

export function isMainlandMobile(input: string): boolean {
  return /^1[3-9]\d{9}$/.test(normaliseMobile(input));
}

/** A landline with area code (010-12345678, 023 6123 4567) or a mobile. */
export function isPhoneNumber(input: string): boolean {
  const compact = normaliseMobile(input);
  return isMainlandMobile(compact) || /^0\d{2,3}\d{7,8}$/.test(compact) || /^(10000|1\d{4}|9\d{4})$/.test(compact);
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CODES = '10X98765432';

export type IdCardProblem = 'format' | 'region' | 'birthDate' | 'checksum';

/**
 * Checks an 18-digit resident ID number by GB 11643-1999: 6-digit region code, 8-digit birth date,
 * 3-digit sequence, and an ISO 7064 MOD 11-2 check character. Returns the first problem, or null.
 */
export function idCardProblem(input: string, today = new Date()): IdCardProblem | null {
  const id = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  // First digit: 1–6 mainland regions, 7 Taiwan, 8 Hong Kong/Macao.
  if (!/^[1-8]\d/.test(id)) return 'region';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const valid = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!valid || year < 1900 || birth.getTime() > today.getTime()) return 'birthDate';
  return idCardCheckChar(id.slice(0, 17)) === id[17] ? null : 'checksum';
}

/** The check character for the first 17 digits of an ID number. */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CODES[sum % 11]!;
}

/** Input masks: what a field keeps of what the agent types or pastes. */
export const inputMasks = {
  mobile: (raw: string) => normaliseMobile(raw).replace(/\D/g, '').slice(0, 11),
  phone: (raw: string) => raw.replace(/[^\d-]/g, '').slice(0, 16),
  idNumber: (raw: string) => raw.toUpperCase().replace(/[^\dX]/g, '').slice(0, 18),
  digits: (raw: string) => raw.replace(/[^\d.-]/g, ''),
} as const;
export type InputMask = keyof typeof inputMasks;

