import { readTicketSeeds } from '../../../src-server/seed/ticket-seeds.js';
import { DEFAULT_SEEDS_DIR } from '../../../src-server/seed/load-seeds.js';
import type { FormSchema } from '../../../src-shared/tickets/form-schema.js';

/** The published seed forms, parsed with the same zod schema the server and clients use. */
export const seeds = readTicketSeeds(DEFAULT_SEEDS_DIR);
export const formOf = (id: string): FormSchema => seeds.forms.find((form) => form.id === id)!;
