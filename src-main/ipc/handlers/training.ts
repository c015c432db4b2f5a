import { getScenario, loadScenarios, readClip, summariseScenario } from '../../services/training/scenario-catalogue.js';
import type { Workstation } from '../../services/workstation.js';
import type { Handlers } from '../dispatcher.js';

type TrainingChannel = 'training.status' | 'training.enter' | 'training.leave' | 'training.scenarios' | 'training.scenario' | 'training.audio';

export const trainingHandlers = (ws: Workstation, trainingDir: string): Pick<Handlers, TrainingChannel> => ({
  'training.status': () => ws.trainingStatus(),
  'training.enter': () => ws.enterTraining(),
  'training.leave': () => ws.leaveTraining(),
  'training.scenarios': () => {
    const { scenarios, problems } = loadScenarios(ws.requireSession().db, trainingDir);
    return { scenarios: scenarios.map(summariseScenario), problems };
  },
  'training.scenario': ({ id }) => getScenario(ws.requireSession().db, id, trainingDir),
  'training.audio': ({ file }) => {
    ws.requireSession();
    return readClip(file, trainingDir);
  },
});
