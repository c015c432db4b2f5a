import type { DocumentValidators } from './decide.js';

/**
 * The checks every push and publish runs, per collection (a message means `rejected VALIDATION`).
 * Each feature adds its validator here with one line, e.g. `tickets: validateTicketDocument`.
 * `buildApi({validators})` replaces the whole map (tests).
 */
export const DOCUMENT_VALIDATORS: DocumentValidators = {};
