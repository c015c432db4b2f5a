import type { Logger } from '../../services/log.js';
import { defaultTrainingDir } from '../../services/training/scenario-catalogue.js';
import type { Workstation } from '../../services/workstation.js';
import { createDispatcher, type Dispatch, type Handlers } from '../dispatcher.js';
import { appHandlers } from './app.js';
import { handbookHandlers } from './handbook.js';
import { scriptHandlers } from './scripts.js';
import { sessionHandlers } from './session.js';
import { softphoneHandlers } from './softphone.js';
import { callHandlers } from './calls.js';
import { syncHandlers } from './sync.js';
import { ticketHandlers } from './tickets.js';
import { trainingHandlers } from './training.js';

export interface DispatchOptions {
  /** Training scenarios folder (the workstation config's HOTLINE_TRAINING_DIR); default the shipped seeds. */
  trainingDir?: string;
}

/** Every channel of the contract must have a handler: `satisfies Handlers` fails the build otherwise. */
export function createWorkstationDispatch(ws: Workstation, log: Logger, options: DispatchOptions = {}): Dispatch {
  const handlers = {
    ...appHandlers(ws),
    ...sessionHandlers(ws),
    ...handbookHandlers(ws),
    ...syncHandlers(ws),
    ...scriptHandlers(ws),
    ...trainingHandlers(ws, options.trainingDir ?? defaultTrainingDir()),
    ...softphoneHandlers(ws),
    ...callHandlers(ws),
    ...ticketHandlers(ws),
  } satisfies Handlers;
  return createDispatcher(handlers, log);
}
