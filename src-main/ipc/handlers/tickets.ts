import type { TicketContext } from '../../services/tickets/index.js';
import * as tickets from '../../services/tickets/index.js';
import type { Workstation } from '../../services/workstation.js';
import type { Handlers } from '../dispatcher.js';

type TicketChannel = Extract<keyof Handlers, `tickets.${string}`>;

export const ticketHandlers = (ws: Workstation): Pick<Handlers, TicketChannel> => {
  const context = (): TicketContext => {
    const session = ws.requireSession();
    return { db: session.db, actor: session.agent, now: () => new Date() };
  };
  /** Runs a write, tells every window the ticket changed, and answers with its fresh detail. */
  const write = (id: string, run: (ctx: TicketContext) => void) => {
    const ctx = context();
    run(ctx);
    ws.emit('tickets.changed', { ids: [id] });
    return tickets.getTicketDetail(ctx, id);
  };
  return {
    'tickets.config': () => {
      const { db } = context();
      const { forms, codeTrees } = tickets.publishedConfig(db);
      return { forms, codes: Object.fromEntries(codeTrees.map((tree) => [tree.id, tickets.codeLeaves(db, tree.id).map((leaf) => ({ ...leaf, initials: leaf.initials ?? '' }))])) };
    },
    'tickets.newDraft': ({ formId, call, prefill }) => (prefill ? tickets.createPrefilledDraft(context(), formId, call, prefill) : tickets.createDraft(context(), formId, call)),
    'tickets.openFromCall': (call) => tickets.openDraftFromCall(context(), call),
    'tickets.saveDraft': ({ id, values, focusField }) => ({ savedAt: tickets.saveDraft(context().db, id, values, focusField, new Date()) }),
    'tickets.drafts': () => tickets.listDrafts(context().db),
    'tickets.discardDraft': ({ id }) => {
      tickets.discardDraft(context().db, id);
      return {};
    },
    'tickets.submitDraft': ({ id, resolve }) => {
      const ticketId = tickets.submitDraft(context(), id, { resolve });
      ws.emit('tickets.changed', { ids: [ticketId] });
      void ws.session?.sync.syncNow();
      return { ticketId };
    },
    'tickets.list': (query) => tickets.listTickets(context(), query),
    'tickets.get': ({ id }) => tickets.getTicketDetail(context(), id),
    'tickets.transition': ({ id, to, note }) => write(id, (ctx) => tickets.transitionTicket(ctx, id, to, note)),
    'tickets.note': ({ id, note }) => write(id, (ctx) => tickets.addNote(ctx, id, note)),
    'tickets.escalate': ({ id, level, reason }) => write(id, (ctx) => tickets.escalateTicket(ctx, id, level, reason)),
    'tickets.transfer': ({ id, team, reason }) => write(id, (ctx) => tickets.transferTicket(ctx, id, team, reason)),
    'tickets.setCallback': ({ id, at }) => write(id, (ctx) => tickets.setCallback(ctx, id, at)),
    'tickets.callbackDone': ({ id, note }) => write(id, (ctx) => tickets.completeCallback(ctx, id, note)),
    'tickets.linkCall': ({ id, callId, startedAt }) => write(id, (ctx) => tickets.linkCall(ctx, id, callId, startedAt)),
    'tickets.reveal': ({ id, field, reason }) => {
      const value = tickets.revealValue(context(), id, field, reason);
      ws.emit('tickets.changed', { ids: [id] });
      return { value };
    },
    'tickets.editRejected': ({ id }) => tickets.editRejected(context(), id),
    'tickets.attach': ({ name, dataBase64 }) => tickets.saveAttachment(context(), name, dataBase64),
    'tickets.attachment': ({ ticketId, id }) => tickets.readAttachment(context(), ticketId, id, ws.requireSession().api),
    'tickets.callbackReminders': () => tickets.callbackReminders(context()),
  };
};
