// The one masking policy of the workstation and the central API: what of a customer's phone
// number, ID number, bank card and address an agent sees until they deliberately reveal it (and
// that reveal is audited by the server). Every surface — call bar, lists, ticket detail, scripts,
// sync conflicts and dead letters, exports, logs — masks through here, so a number never shows in
// clear on one screen while it is masked on another. The policy, decided once:
//
// - Mobile (1[3-9] + 9 digits, with or without +86 / 0086 / 86): first 3 and last 4, 138****5678;
//   the country prefix is kept as "+86 ".
// - Landline with area code (010 / 02x: 3 digits; other 0xxx: 4 digits; local 7–8 digits): the
//   area code and what follows the first 4 local digits, 0571-****567, 010-****5678.
// - Every masked value hides at least 4 digits.
// - Short service numbers (3–6 digits: 110, 10000, 10086, 12345, 95588) and 400/800 hotlines are
//   public, not personal: shown as they are. No subscriber number is shorter than 7 digits.
// - Any other number of 7+ digits: only the last 4, ******4567.
// - Resident ID (18 digits, last may be X; and the old 15-digit form): first 3 and last 4,
//   110***********123X — enough to confirm with the caller, not their birth date or region.
// - Bank card (16–19 digits): first 4 and last 4, 6222 **** **** 1234 grouped by 4.
// - Address: the administrative part up to the district / county (…区, …县, …市, …旗) stays, the
//   street and house numbers are replaced by ****. In free text, house numbers (3栋1202, 88号)
//   are masked.

export type PersonalKind = 'phone' | 'idNumber' | 'bankCard' | 'address';

const SEPARATORS = /[\s\-().]/g;
const SERVICE_NUMBER = /^(?:\d{3,6}|[48]00\d{7})$/;
const MOBILE = /^(?:(\+86|0086|86))?(1[3-9]\d{9})$/;
const LANDLINE = /^(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})$/;

const stars = (count: number) => '*'.repeat(Math.max(count, 0));

/** A value known to be a phone number (caller number, a phone field). */
export function maskPhone(value: string): string {
  const trimmed = value.trim();
  const compact = trimmed.replace(SEPARATORS, '');
  if (!/^\+?\d+$/.test(compact)) return maskText(trimmed);
  const mobile = MOBILE.exec(compact);
  if (mobile) return `${mobile[1] ? '+86 ' : ''}${mobile[2]!.slice(0, 3)}****${mobile[2]!.slice(-4)}`;
  const digits = compact.replace(/^\+/, '');
  if (SERVICE_NUMBER.test(digits)) return compact;
  const landline = LANDLINE.exec(digits);
  if (landline) return `${landline[1]}-****${landline[2]!.slice(4)}`;
  if (digits.length < 7) return compact;
  return `${compact.startsWith('+') ? '+' : ''}${stars(digits.length - 4)}${digits.slice(-4)}`;
}

/** A value known to be a resident ID number (18 or 15 characters). */
export function maskIdNumber(value: string): string {
  const id = value.trim().toUpperCase().replace(/\s/g, '');
  if (id.length < 8) return stars(id.length);
  return `${id.slice(0, 3)}${stars(id.length - 7)}${id.slice(-4)}`;
}

/** A value known to be a bank card number. */
export function maskBankCard(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 12) return stars(digits.length);
  const masked = `${digits.slice(0, 4)}${stars(digits.length - 8)}${digits.slice(-4)}`;
  return masked.replace(/(.{4})(?=.)/g, '$1 ');
}

const ADMINISTRATIVE = /^(?:.{1,10}?(?:省|自治区|特别行政区))?(?:.{1,8}?(?:市|自治州|地区|盟))?(?:.{1,6}?(?:区|县|市|旗))?/;

/** A value known to be an address: the district stays, the street and number do not. */
export function maskAddress(value: string): string {
  const address = value.trim();
  if (address === '') return '';
  const kept = ADMINISTRATIVE.exec(address)?.[0] ?? '';
  return kept === address ? kept : `${kept}****`;
}

export function maskValue(kind: PersonalKind, value: string): string {
  switch (kind) {
    case 'phone':
      return maskPhone(value);
    case 'idNumber':
      return maskIdNumber(value);
    case 'bankCard':
      return maskBankCard(value);
    case 'address':
      return maskAddress(value);
  }
}

// Free text: one pass, alternatives in priority order (an ID number is not read as a bank card,
// a mobile is not read as "some long number"). Digits touching letters or more digits are not
// matched (rev counters, UUIDs, timestamps stay readable).
const DATE = '(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])';
const TEXT_PATTERNS: [PersonalKind | 'houseNumber', string][] = [
  ['idNumber', `[1-9]\\d{5}${DATE}\\d{3}[\\dXx]|[1-9]\\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}`],
  ['bankCard', '\\d{4}(?:[ -]\\d{4}){3}(?:[ -]?\\d{1,3})?|(?:62|4\\d|5[1-5])\\d{14,17}'],
  ['phone', '(?:(?:\\+|00)86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2}|\\(?0(?:10|2\\d|[3-9]\\d{2})\\)?[ -]?\\d{3,4}[ -]?\\d{4}|\\+?\\d{7,}'],
  ['houseNumber', '\\d+(?=\\s*(?:号|栋|幢|单元|室|弄))|(?<=(?:号|栋|幢|单元|楼)[\\s-]*)\\d+'],
];
const TEXT_REGEX = new RegExp(TEXT_PATTERNS.map(([, source]) => `(?<![\\w.+-])(${source})(?![\\w.])`).join('|'), 'g');

/** Finds every phone, ID, bank card and house number in free text and masks it. */
export function maskText(text: string): string {
  return text.replace(TEXT_REGEX, (match, ...groups: unknown[]) => {
    const index = groups.findIndex((group, i) => i < TEXT_PATTERNS.length && group !== undefined);
    const kind = TEXT_PATTERNS[index]![0];
    if (kind === 'houseNumber') return stars(match.length);
    return maskValue(kind, match);
  });
}

/**
 * Masks a structured value (a sync conflict's fields, a dead letter's patch) before it leaves
 * main: strings by their field's personal kind when known, and by `maskText` otherwise.
 */
export function maskDeep(value: unknown, kindOf: (key: string) => PersonalKind | undefined = () => undefined, key = ''): unknown {
  if (typeof value === 'string') {
    const kind = kindOf(key);
    return kind ? maskValue(kind, value) : maskText(value);
  }
  if (typeof value === 'number' && kindOf(key)) return maskValue(kindOf(key)!, String(value));
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, kindOf, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, maskDeep(inner, kindOf, field)]));
  }
  return value;
}
