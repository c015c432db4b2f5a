import { describe, expect, it } from 'vitest';
import * as tickets from '../../../src-main/services/tickets/index.js';
import { INQUIRY_VALUES } from '../../support/ticket-documents.js';
import { useTicketCentre, type TicketWorkstation } from '../../support/ticket-workstation.js';

// Most 10000 calls are inquiries answered on the spot. The agent submits such a ticket as 已解决 in
// one step, with the answer as its resolution note; the centre's API takes it (an agent may resolve
// a submitted ticket), and a colleague pulls it resolved. The truth is what the colleague pulls.

const centre = useTicketCentre('hotline-resolve-on-submit-');
const open = (agentId: string) => centre.open(agentId);

function draftWith(bench: TicketWorkstation, values: Record<string, unknown>): string {
  const draft = tickets.createDraft(bench.ctx, 'inquiry');
  tickets.saveDraft(bench.db, draft.id, { ...draft.values, ...INQUIRY_VALUES, ...values } as never, null, new Date());
  return draft.id;
}

const count = (bench: TicketWorkstation, sql: string) => bench.db.prepare(sql).pluck().get() as number;

describe('an inquiry answered on the call', () => {
  it('is submitted as 已解决 in one step with the answer as its note, and the centre and colleagues see it resolved', async () => {
    const zhang = await open('1001');
    const answer = '已告知客户携号转网需先解除合约，并短信发送办理指引';
    const id = tickets.submitDraft(zhang.ctx, draftWith(zhang, { answer }), { resolve: true });
    const detail = tickets.getTicketDetail(zhang.ctx, id);
    expect(detail.status).toBe('resolved');
    expect(detail.resolvedAt).not.toBeNull();
    await zhang.sync.syncNow();
    expect(count(zhang, 'SELECT count(*) FROM outbox')).toBe(0);
    expect(count(zhang, 'SELECT count(*) FROM sync_dead_letters')).toBe(0);

    const liu = await open('1002');
    const pulled = tickets.getTicketDetail(liu.ctx, id);
    expect(pulled.status).toBe('resolved');
    expect(pulled.events.find((event) => event.kind === 'transition' && event.to === 'resolved')).toMatchObject({ from: 'submitted', note: answer, actor: '1001' });
  });

  it('is refused when the form does not say it was settled (a callback is wanted), and nothing is written', async () => {
    const zhang = await open('1001');
    const draftId = draftWith(zhang, { callbackWanted: 'yes', callbackAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(() => tickets.submitDraft(zhang.ctx, draftId, { resolve: true })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(count(zhang, 'SELECT count(*) FROM tickets')).toBe(0);
    expect(count(zhang, 'SELECT count(*) FROM outbox')).toBe(0);
    expect(tickets.getDraft(zhang.db, draftId).id).toBe(draftId);
    // The same draft submitted the ordinary way is an open ticket.
    expect(tickets.getTicketDetail(zhang.ctx, tickets.submitDraft(zhang.ctx, draftId)).status).toBe('submitted');
  });
});
