import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { CallContextInput, type Draft } from '../../../src-shared/ipc/tickets.js';
import { AppFailure } from '../../../src-shared/result.js';
import { initialValues } from '../../../src-shared/tickets/form-engine.js';
import { type FormSchema, FormValues } from '../../../src-shared/tickets/form-schema.js';
import type { Db } from '../store/open-store.js';
import { jsonColumn, parseRow, parseRows } from '../../../src-node/sqlite/rows.js';
import type { TicketContext } from './context.js';
import { publishedConfig, requireForm } from './published-config.js';

// Drafts are the agent's unfinished forms: local only, never synced, written on every (debounced)
// change so that a crash of the app loses at most the last half second of typing.

interface DraftRow {
  id: string;
  form_id: string;
  ticket_id: string | null;
  field_values: string;
  focus_field: string | null;
  call: string | null;
  created_at: string;
  updated_at: string;
}

/** A ticket_drafts row read back: the JSON columns parsed against the shapes that were written. */
const StoredDraft = z
  .object({
    id: z.string(),
    form_id: z.string(),
    ticket_id: z.string().nullable(),
    field_values: jsonColumn(FormValues),
    focus_field: z.string().nullable(),
    call: jsonColumn(CallContextInput).nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .transform(
    (row): Draft => ({
      id: row.id,
      formId: row.form_id,
      ticketId: row.ticket_id,
      values: row.field_values,
      focusField: row.focus_field,
      call: row.call,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }),
  );

const toDraft = (row: unknown): Draft => parseRow(StoredDraft, row, 'ticket_drafts');

export function createDraft(ctx: TicketContext, formId: string, call?: CallContextInput, values?: FormValues, ticketId: string | null = null): Draft {
  const form = requireForm(ctx.db, formId);
  const now = ctx.now();
  const row: DraftRow = {
    id: uuidv7(),
    form_id: form.id,
    ticket_id: ticketId,
    field_values: JSON.stringify(values ?? initialValues(form, { call, now, agentName: ctx.actor.name })),
    focus_field: null,
    call: call ? JSON.stringify(call) : null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  ctx.db
    .prepare(
      `INSERT INTO ticket_drafts (id, form_id, ticket_id, field_values, focus_field, call, created_at, updated_at)
       VALUES (@id, @form_id, @ticket_id, @field_values, @focus_field, @call, @created_at, @updated_at)`,
    )
    .run(row);
  return toDraft(row);
}

/**
 * A draft opened from a script's ticket link: the form's own defaults (the call's number and time),
 * then the fields the script fills in on top. Fields the form does not have are dropped, so a script
 * written against an older form cannot put stray values into a ticket.
 */
export function createPrefilledDraft(ctx: TicketContext, formId: string, call: CallContextInput | undefined, prefill: FormValues): Draft {
  const form = requireForm(ctx.db, formId);
  const known = new Set(form.fields.map((field) => field.id));
  const values = { ...initialValues(form, { call, now: ctx.now(), agentName: ctx.actor.name }) };
  for (const [field, value] of Object.entries(prefill)) if (known.has(field)) values[field] = value;
  return createDraft(ctx, form.id, call, values);
}

/**
 * One action during or after a call: the form that fits the call's scenario, pre-filled with the
 * call's number and time and linked to the call. Asking again for the same call returns its draft.
 */
export function openDraftFromCall(ctx: TicketContext, call: CallContextInput): Draft {
  const existing = ctx.db.prepare(`SELECT * FROM ticket_drafts WHERE json_extract(call, '$.callId') = ? ORDER BY updated_at DESC LIMIT 1`).get(call.callId);
  if (existing) return toDraft(existing);
  return createDraft(ctx, formForScenario(publishedConfig(ctx.db).forms, call.scenario).id, call);
}

/** The form whose scenarios match the call's (exactly, then by containment); inquiry otherwise. */
export function formForScenario(forms: readonly FormSchema[], scenario: string | undefined): FormSchema {
  if (forms.length === 0) throw new AppFailure('NOT_FOUND', 'No ticket forms synced yet');
  const wanted = scenario?.trim().toLowerCase();
  if (wanted) {
    const exact = forms.find((form) => form.scenarios.some((s) => s.toLowerCase() === wanted));
    if (exact) return exact;
    const partial = forms.find((form) => form.scenarios.some((s) => wanted.includes(s.toLowerCase())));
    if (partial) return partial;
  }
  return forms.find((form) => form.type === 'inquiry') ?? forms[0]!;
}

export function saveDraft(db: Db, id: string, values: FormValues, focusField: string | null, now: Date): string {
  const savedAt = now.toISOString();
  const result = db.prepare('UPDATE ticket_drafts SET field_values = ?, focus_field = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(values), focusField, savedAt, id);
  if (result.changes === 0) throw new AppFailure('NOT_FOUND', `No draft ${id}`);
  return savedAt;
}

export function listDrafts(db: Db): Draft[] {
  return parseRows(StoredDraft, db.prepare('SELECT * FROM ticket_drafts ORDER BY updated_at DESC').all(), 'ticket_drafts');
}

export function getDraft(db: Db, id: string): Draft {
  const row = db.prepare('SELECT * FROM ticket_drafts WHERE id = ?').get(id);
  if (!row) throw new AppFailure('NOT_FOUND', `No draft ${id}`);
  return toDraft(row);
}

export function discardDraft(db: Db, id: string): void {
  db.prepare('DELETE FROM ticket_drafts WHERE id = ?').run(id);
}
