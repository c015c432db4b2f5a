// Tickets, runtime-neutral: one implementation for renderer, main and the central API.
export * from './text.js';
export * from './validators.js';
export * from './form-schema.js';
export * from './messages.js';
export * from './form-engine.js';
export * from './codes.js';
export * from './workflow.js';
export * from './sla.js';
export * from './ticket.js';
export * from './validate-document.js';
