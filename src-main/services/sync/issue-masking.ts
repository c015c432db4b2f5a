import type { ConflictView, DeadLetterView } from '../../../src-shared/ipc/sync.js';
import { maskDeep, type PersonalKind } from '../../../src-shared/privacy/mask.js';

// Dead letters and conflicts carry whole documents: the renderer gets them masked by the one
// policy, like every other surface, and the clear values never leave main. A fixed patch that comes
// back keeps the stored clear value of every field the agent left as it was shown.

/** The personal kind of a document key (a ticket's customerPhone, a form's ID field), if any. */
export type PersonalKeys = (key: string) => PersonalKind | undefined;

const COMMON_KEYS: Record<string, PersonalKind> = { customerPhone: 'phone', number: 'phone', remoteNumber: 'phone', callerNumber: 'phone' };
export const commonPersonalKeys: PersonalKeys = (key) => COMMON_KEYS[key];

export function maskDeadLetter(letter: DeadLetterView, kindOf: PersonalKeys): DeadLetterView {
  return { ...letter, patch: maskDeep(letter.patch, kindOf) as Record<string, unknown>, reason: maskDeep(letter.reason, kindOf) as string };
}

export function maskConflict(conflict: ConflictView, kindOf: PersonalKeys): ConflictView {
  return {
    ...conflict,
    // A contested field is a path (`fields.customerPhone`): its last key says what the value is.
    fields: conflict.fields.map((item) => {
      const key = item.field.slice(item.field.lastIndexOf('.') + 1);
      return { ...item, mine: maskDeep(item.mine, kindOf, key), theirs: maskDeep(item.theirs, kindOf, key) };
    }),
    uncontested: maskDeep(conflict.uncontested, kindOf) as Record<string, unknown>,
    serverValue: conflict.serverValue === null ? null : (maskDeep(conflict.serverValue, kindOf) as Record<string, unknown>),
  };
}

/** The agent's fixed patch, with every value still equal to its masked original put back in clear. */
export function restoreMasked(fixed: Record<string, unknown>, original: Record<string, unknown>, kindOf: PersonalKeys): Record<string, unknown> {
  const restore = (value: unknown, clear: unknown, key: string): unknown => {
    if (JSON.stringify(value) === JSON.stringify(maskDeep(clear, kindOf, key))) return clear;
    if (isRecord(value) && isRecord(clear)) return Object.fromEntries(Object.entries(value).map(([inner, item]) => [inner, restore(item, clear[inner], inner)]));
    return value;
  };
  return restore(fixed, original, '') as Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
