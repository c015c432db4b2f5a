import { TicketDocument, TicketEvent } from '../../src-shared/tickets/ticket.js';
import { validateTicketDocument, type PublishedTicketConfig } from '../../src-shared/tickets/validate-document.js';
import { deleteRefusal, eventRefusal, eventsTouchedRefusal, ticketWriteRefusal, writeAccessRefusal } from '../../src-shared/tickets/write-rules.js';
import type { CollectionRules } from '../sync/decide.js';

/**
 * The central API's rules for collection `tickets`: the workflow and history rules of
 * `src-shared/tickets/write-rules.ts` (the code the workstation writes with), the published forms
 * (`validate-document.ts`), and the fields only the server writes.
 */
export function ticketRules(published: PublishedTicketConfig): CollectionRules {
  return {
    authorize(mutation, _before, pusher) {
      const noAccess = writeAccessRefusal(pusher.role);
      if (noAccess) return noAccess;
      if (mutation.op === 'delete') return deleteRefusal(pusher.role);
      if (mutation.op === 'create' || mutation.op === 'update') return eventsTouchedRefusal(Object.keys(mutation.patch));
      if (mutation.op === 'append') {
        const other = Object.keys(mutation.patch).find((field) => field !== 'events');
        if (other) return `Only events are appended to a ticket, not ${other}`;
      }
      return null;
    },
    // Events keep the actor and role of the token and the centre's time; the workstation's own time is kept as recordedAt.
    append(_field, items, existing, pusher, now) {
      const known = new Set(existing.map((event) => (event as { id?: unknown }).id));
      const accepted: TicketEvent[] = [];
      for (const item of items) {
        const parsed = TicketEvent.safeParse(item);
        if (!parsed.success) return { refused: `Invalid ticket event: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}` };
        const refused = eventRefusal(parsed.data, pusher);
        if (refused) return { refused };
        if (known.has(parsed.data.id)) continue; // the same event pushed again (idempotent by event id)
        known.add(parsed.data.id);
        accepted.push({ ...parsed.data, actorName: pusher.name, recordedAt: parsed.data.recordedAt ?? parsed.data.at, at: now.toISOString() });
      }
      return { items: accepted };
    },
    stamp: (now) => ({ updatedAt: now.toISOString() }),
    // Appended events are already stamped by `append` (actor and role from the token, the centre's time).
    reveals: (ticketId, appended, pusher, now) =>
      (appended as TicketEvent[])
        .filter((event) => event.kind === 'revealed')
        .map((event) => ({
          eventId: event.id,
          ticketId,
          field: event.field ?? '',
          reason: event.reason ?? '',
          agentId: pusher.agentId,
          agentRole: pusher.role,
          team: pusher.team,
          revealedAt: event.recordedAt ?? event.at,
          recordedAt: now.toISOString(),
        })),
    check(before, after, pusher) {
      const verdict = validateTicketDocument(after, published);
      if (!verdict.ok) return verdict.reason;
      const previous = before ? TicketDocument.safeParse(before) : undefined;
      // A stored ticket that no longer parses (an older schema) is judged as new would be: nothing to compare.
      return ticketWriteRefusal(previous?.success ? previous.data : undefined, verdict.ticket, pusher);
    },
  };
}

/** Calls are the agent's own record; training calls never leave the machine. */
export const callRules: CollectionRules = {
  authorize: (_mutation, _before, pusher) => writeAccessRefusal(pusher.role),
};
