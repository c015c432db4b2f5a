import { maskText, maskValue, type PersonalKind } from '../privacy/mask.js';
import type { FieldDef, FieldValue, FormSchema } from './form-schema.js';

/** Which personal kind a field's value is, by its kind or its `personal` mark; undefined for none. */
export function personalKindOf(field: FieldDef): PersonalKind | undefined {
  if (field.kind === 'mobile' || field.kind === 'phone') return 'phone';
  if (field.kind === 'idNumber') return 'idNumber';
  return field.personal;
}

/**
 * A ticket's field values as the agent sees them before any reveal: personal fields by their kind,
 * free text with the numbers in it masked. `masked` names the fields whose shown value differs from
 * the stored one: exactly the fields a reveal may open.
 */
export function maskTicketFields(form: FormSchema | undefined, fields: Record<string, FieldValue>): { fields: Record<string, FieldValue>; masked: string[] } {
  const shown: Record<string, FieldValue> = { ...fields };
  const masked: string[] = [];
  for (const [id, value] of Object.entries(fields)) {
    if (typeof value !== 'string' || value === '') continue;
    const field = form?.fields.find((candidate) => candidate.id === id);
    const kind = field ? personalKindOf(field) : undefined;
    const display = kind ? maskValue(kind, value) : maskText(value);
    if (display === value) continue;
    shown[id] = display;
    masked.push(id);
  }
  return { fields: shown, masked };
}
