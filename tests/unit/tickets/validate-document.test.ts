import { describe, expect, it } from 'vitest';
import { deriveAttributes } from '../../../src-shared/tickets/form-engine.js';
import { slaDueTimes } from '../../../src-shared/tickets/sla.js';
import { ticketNumber, type TicketDocument } from '../../../src-shared/tickets/ticket.js';
import { validateTicketDocument } from '../../../src-shared/tickets/validate-document.js';
import { COMPLAINT_VALUES } from '../../support/ticket-documents.js';
import { formOf, seeds } from './seed-forms.js';

const form = formOf('complaint');
const fields = COMPLAINT_VALUES;
const id = '019a0000-0000-7000-8000-00000000abcd';
const at = '2026-11-23T08:00:00.000Z';
const derived = deriveAttributes(form, fields);
const doc: TicketDocument = {
  id,
  number: ticketNumber(id, new Date(at)),
  type: 'complaint',
  formId: 'complaint',
  formVersion: 1,
  status: 'submitted',
  ...derived,
  callbackDoneAt: null,
  fields,
  owner: { id: '1001', name: '张敏', team: '宽带一组' },
  team: '宽带一组',
  assignee: { team: '宽带一组', agentId: '1001', name: '张敏' },
  escalationLevel: 0,
  escalations: [],
  calls: [],
  createdAt: at,
  submittedAt: at,
  firstResponseAt: null,
  resolvedAt: null,
  closedAt: null,
  updatedAt: at,
  ...slaDueTimes(at, form.sla.normal!),
  events: [],
};

describe('validateTicketDocument (the server check of a pushed ticket)', () => {
  it('accepts a ticket the client engine accepted', () => {
    expect(validateTicketDocument(doc, seeds, new Date(at)).ok).toBe(true);
  });

  it('rejects a complaint without a code with the field named in Chinese', () => {
    const { complaintCode: _code, ...rest } = fields;
    const verdict = validateTicketDocument({ ...doc, fields: rest, complaintCode: null }, seeds, new Date(at));
    expect(verdict).toMatchObject({ ok: false, reason: { zh: '投诉编码：此项必填' } });
  });

  it('rejects columns that disagree with the form values and unknown forms', () => {
    expect(validateTicketDocument({ ...doc, customerPhone: '13900000000' }, seeds, new Date(at)).ok).toBe(false);
    expect(validateTicketDocument({ ...doc, formId: 'nope' }, seeds, new Date(at))).toMatchObject({ ok: false, reason: { en: 'Unknown ticket form nope' } });
    expect(validateTicketDocument({ ...doc, number: 'x' }, seeds).ok).toBe(false);
  });
});
