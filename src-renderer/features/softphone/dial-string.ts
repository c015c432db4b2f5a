/**
 * Turns what an agent pastes or clicks into something to dial: "138 1234-1234", "+86 138…",
 * "tel:+86-138…", "sip:2001@host" (kept as a SIP URI). Anything that is not a number is dropped.
 */
export function normaliseDialString(input: string): string {
  const trimmed = input.trim();
  if (/^sips?:/i.test(trimmed)) return trimmed.replace(/\s/g, '');
  const withoutScheme = trimmed.replace(/^tel:/i, '').split(/[;?]/)[0] ?? '';
  const compact = withoutScheme.replace(/[^\d+*#]/g, '');
  // Mainland mobiles are dialled without the country code.
  return compact.replace(/^(\+86|0086)(?=1\d{10}$)/, '');
}
