// What one feature uses of another. Renderer features never import each other directly (the
// lint zones refuse it): every dependency between features goes through app/ and is listed here.

export { useSoftphone } from '../features/softphone/use-softphone.js';
export { openTicketFromCall, useTickets } from '../features/tickets/tickets-store.js';
export { useScriptRun } from '../features/scripts/script-store.js';
export { useHandbook } from '../features/handbook/handbook-store.js';
export { useSession } from '../features/session/session-store.js';
export { TrainingEntry } from '../features/training/TrainingEntry.js';
export { CallHistory } from '../features/calls/CallHistory.js';
export type { Line, LineCall } from '../features/softphone/line.js';
export { useFieldText } from '../features/tickets/ui-helpers.js';
export { SimulatedLine } from '../features/softphone/simulated-line.js';
