import { describe, expect, it } from 'vitest';
import { evaluateCondition, initialValues, isRequired, isVisible, submittableValues, validateForm } from '../../../src-shared/tickets/form-engine.js';
import { FormSchema } from '../../../src-shared/tickets/form-schema.js';
import { flattenCodeTree } from '../../../src-shared/tickets/codes.js';
import { formOf, seeds } from './seed-forms.js';

const now = new Date('2026-11-23T08:00:00Z');
const codeLeaves = { complaint: new Set(flattenCodeTree(seeds.codeTrees[0]!).map((leaf) => leaf.code)) };
const rulesOf = (issues: { field: string; rule: string }[]) => Object.fromEntries(issues.map((issue) => [issue.field, issue.rule]));

describe('conditions', () => {
  it('combines eq, in, filled, all, any and not, and reads the ticket type as $type', () => {
    const values = { a: 'x', b: ['p', 'q'], c: '' };
    expect(evaluateCondition({ field: 'a', op: 'eq', value: 'x' }, values, 'fault')).toBe(true);
    expect(evaluateCondition({ field: 'b', op: 'eq', value: 'q' }, values, 'fault')).toBe(true);
    expect(evaluateCondition({ field: 'a', op: 'in', value: ['y', 'x'] }, values, 'fault')).toBe(true);
    expect(evaluateCondition({ field: 'c', op: 'filled' }, values, 'fault')).toBe(false);
    expect(evaluateCondition({ all: [{ field: '$type', op: 'eq', value: 'fault' }, { not: { field: 'c', op: 'filled' } }] }, values, 'fault')).toBe(true);
    expect(evaluateCondition({ any: [{ field: '$type', op: 'eq', value: 'complaint' }, { field: 'a', op: 'neq', value: 'x' }] }, values, 'fault')).toBe(false);
  });
});

describe('the published forms', () => {
  it('all parse, and every complaint code tree has at least 40 leaves', () => {
    expect(seeds.forms.map((form) => form.type).sort()).toEqual(['complaint', 'fault', 'inquiry', 'service']);
    expect(flattenCodeTree(seeds.codeTrees[0]!).length).toBeGreaterThanOrEqual(40);
  });

  it('a form without a title field is refused when published', () => {
    const broken = { ...formOf('inquiry'), fields: formOf('inquiry').fields.filter((field) => field.role !== 'title') };
    expect(FormSchema.safeParse(broken).success).toBe(false);
  });
});

describe('a complaint form', () => {
  const form = formOf('complaint');

  it('requires a complaint code, in plain Chinese and English', () => {
    const issues = validateForm(form, initialValues(form, { now }), { type: 'complaint', now, codeLeaves });
    const code = issues.find((issue) => issue.field === 'complaintCode')!;
    expect(code.message).toEqual({ zh: '此项必填', en: 'This field is required' });
  });

  it('accepts only leaves of the published tree', () => {
    const values = { complaintCode: 'NQ-MOB' };
    expect(rulesOf(validateForm(form, values, { type: 'complaint', now, codeLeaves })).complaintCode).toBe('code');
    expect(rulesOf(validateForm(form, { complaintCode: 'NQ-MOB-WEAK' }, { type: 'complaint', now, codeLeaves })).complaintCode).toBeUndefined();
  });

  it('asks for the previous ticket number only for a repeat complaint, with its own pattern message', () => {
    const previous = form.fields.find((field) => field.id === 'previousTicket')!;
    expect(isVisible(previous, { repeatComplaint: 'no' }, 'complaint')).toBe(false);
    expect(isRequired(previous, { repeatComplaint: 'yes' }, 'complaint')).toBe(true);
    const issues = validateForm(form, { repeatComplaint: 'yes', previousTicket: 'abc' }, { type: 'complaint', now });
    expect(issues.find((issue) => issue.field === 'previousTicket')!.message.zh).toBe('工单号格式如 GD20261123-8F3A2C');
  });

  it('shows the ID number for a closure problem and checks its checksum', () => {
    const values = { complaintCode: 'BZ-CLS-BLOCK', idNumber: '110105194912310021' };
    expect(rulesOf(validateForm(form, values, { type: 'complaint', now, codeLeaves })).idNumber).toBe('idChecksum');
    expect(rulesOf(validateForm(form, { complaintCode: 'NQ-MOB-WEAK', idNumber: '123' }, { type: 'complaint', now, codeLeaves })).idNumber).toBeUndefined();
  });

  it('takes the number and time from the call it was opened from', () => {
    const values = initialValues(form, { now, call: { callId: 'c1', number: '13812341234', startedAt: '2026-11-23T07:58:31Z' } });
    expect(values.customerPhone).toBe('13812341234');
    expect(values.callTime).toBe('2026-11-23T07:58:00.000Z');
    expect(values.callbackWanted).toBe('yes');
  });
});

describe('a fault form', () => {
  const form = formOf('fault');
  const base = { customerPhone: '13812341234', title: '宽带无法上网', symptoms: ['down'], region: ['cq', 'yz'], priority: 'normal', description: '光猫 LOS 红灯', callbackWanted: 'no' };

  it('requires an address and the fault start time for a broadband fault, and not a signal location', () => {
    const rules = rulesOf(validateForm(form, { ...base, faultService: 'broadband', broadbandAccount: 'cq12345678' }, { type: 'fault', now }));
    expect(rules).toEqual({ faultStart: 'required', address: 'required' });
  });

  it('for a mobile signal problem asks where, not the installation address', () => {
    const rules = rulesOf(validateForm(form, { ...base, faultService: 'mobile', faultStart: '2026-11-23T06:00:00Z' }, { type: 'fault', now }));
    expect(rules).toEqual({ location: 'required' });
  });

  it('refuses a fault start in the future and an incomplete region', () => {
    const rules = rulesOf(
      validateForm(form, { ...base, region: ['cq'], faultService: 'mobile', location: '江北嘴', faultStart: '2026-11-23T10:00:00Z' }, { type: 'fault', now }),
    );
    expect(rules).toEqual({ faultStart: 'notFuture', region: 'cascade' });
  });

  it('submits only what was visible', () => {
    const values = submittableValues(form, { ...base, faultService: 'mobile', location: '江北嘴', address: '解放碑 1 号', customerPhone: '138-1234-1234' }, 'fault');
    expect(values.address).toBeUndefined();
    expect(values.location).toBe('江北嘴');
    expect(values.customerPhone).toBe('13812341234');
  });
});
