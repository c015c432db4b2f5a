// The tickets service: plain functions over the agent's store, used by IPC handlers and the sync engine.
export type { TicketContext } from './context.js';
export { applyFormChange, applyCodeTreeChange, publishedConfig, codeLeaves, requireForm } from './published-config.js';
export { applyTicketChange } from './ticket-applier.js';
export { connectTicketsToSync, writeTicketLocally } from './ticket-sync.js';
export { createDraft, createPrefilledDraft, openDraftFromCall, saveDraft, listDrafts, getDraft, discardDraft, formForScenario } from './drafts.js';
export {
  submitDraft,
  transitionTicket,
  addNote,
  escalateTicket,
  transferTicket,
  setCallback,
  completeCallback,
  linkCall,
  revealValue,
  editRejected,
  markTicketRejected,
} from './ticket-commands.js';
export { listTickets, getTicketDetail, callbackReminders } from './ticket-queries.js';
export { searchTickets } from './ticket-search.js';
export { ensureTicketSearchIndex } from './ticket-rows.js';
export { saveAttachment, readAttachment, uploadPendingAttachments, type AttachmentTransport } from './attachments.js';
