import { z } from 'zod';

/**
 * Turns what an agent pastes or clicks into something to dial: "138 1234-1234", "+86 138…",
 * "tel:+86-138…", "sip:2001@host" and "sips:2001@host" (kept as the SIP URI they are, scheme
 * included). Anything that is not a number is dropped.
 */
export function normaliseDialString(input: string): string {
  const trimmed = input.trim();
  if (/^sips?:/i.test(trimmed)) return trimmed.replace(/\s/g, '');
  const withoutScheme = trimmed.replace(/^tel:/i, '').split(/[;?]/)[0] ?? '';
  const compact = withoutScheme.replace(/[^\d+*#]/g, '');
  // Mainland mobiles are dialled without the country code.
  return compact.replace(/^(\+86|0086)(?=1\d{10}$)/, '');
}

/** What a centre lets a link from outside the app (a handbook article, an e-mail, the OS) dial. */
export const DialPolicy = z.object({
  /** Supplementary-service codes such as `*21*<number>#` (forward all calls) or `#31#`. */
  allowFeatureCodes: z.boolean().default(false),
  /** Numbers outside mainland China: `+<cc>` other than +86, or the `00` international prefix. */
  allowInternational: z.boolean().default(false),
});
export type DialPolicy = z.infer<typeof DialPolicy>;
export const DEFAULT_DIAL_POLICY: DialPolicy = { allowFeatureCodes: false, allowInternational: false };

export type DialLink =
  | { ok: true; target: string; kind: 'number' | 'sip' }
  | { ok: false; reason: 'malformed' | 'featureCode' | 'international' };

const SIP_URI = /^sips?:[\w.!~*'()&=+$,;?/%-]+@[\w.-]+(:\d{1,5})?(;[\w=.-]*)*$/i;

/**
 * A `tel:`, `sip:` or `sips:` link from outside the app, checked against the centre's dial policy
 * before the agent is asked to confirm it. A SIP URI is dialled as it is (a `sips:` URI stays
 * `sips:`); a tel: number is compacted, its parameters dropped.
 */
export function parseDialLink(link: string, policy: DialPolicy = DEFAULT_DIAL_POLICY): DialLink {
  const trimmed = link.trim();
  if (/^sips?:/i.test(trimmed)) {
    // Dialled as written (percent-escapes included); the policy looks at the decoded user part.
    const uri = trimmed.replace(/^(sips?:)\/\//i, '$1');
    if (!SIP_URI.test(uri) || uri.length > 200) return { ok: false, reason: 'malformed' };
    const user = decoded(uri.slice(uri.indexOf(':') + 1, uri.indexOf('@')));
    if (user === undefined) return { ok: false, reason: 'malformed' };
    const refused = policyRefusal(user, policy);
    return refused ? { ok: false, reason: refused } : { ok: true, target: uri, kind: 'sip' };
  }
  const number = /^tel:/i.test(trimmed) ? decoded(trimmed.replace(/^tel:(\/\/)?/i, '').split(/[;?]/)[0]!) : undefined;
  if (number === undefined || !/^[+\d*#(][\d*#\-.\s()]{0,40}$/.test(number)) return { ok: false, reason: 'malformed' };
  const refused = policyRefusal(number, policy);
  if (refused) return { ok: false, reason: refused };
  const target = normaliseDialString(number);
  return target.replace(/\D/g, '').length >= 3 ? { ok: true, target, kind: 'number' } : { ok: false, reason: 'malformed' };
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function policyRefusal(user: string, policy: DialPolicy): 'featureCode' | 'international' | undefined {
  const compact = user.replace(/[\s\-.()]/g, '');
  if (!policy.allowFeatureCodes && /[*#]/.test(compact)) return 'featureCode';
  const international = /^\+(?!86)\d/.test(compact) || /^00(?!86)\d/.test(compact);
  if (!policy.allowInternational && international) return 'international';
  return undefined;
}
