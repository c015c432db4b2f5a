import { z } from 'zod';
import { ScenarioSummary, TrainingScenario } from '../training/scenario-schema.js';
import { channel } from './define.js';

export const TrainingStatus = z.object({
  /** True while IPC handlers see the sandbox store and sync is stopped. */
  active: z.boolean(),
  sandboxFile: z.string().nullable(),
});
export type TrainingStatus = z.infer<typeof TrainingStatus>;

const Problem = z.object({ file: z.string(), path: z.string(), line: z.number().optional(), message: z.string() });

export const trainingChannels = {
  'training.status': channel(z.object({}).strict(), TrainingStatus),
  'training.enter': channel(z.object({}).strict(), TrainingStatus),
  'training.leave': channel(z.object({}).strict(), TrainingStatus),
  /** Valid scenarios, and the problems of files that were skipped (shown to the trainer). */
  'training.scenarios': channel(z.object({}).strict(), z.object({ scenarios: z.array(ScenarioSummary), problems: z.array(Problem) })),
  'training.scenario': channel(z.object({ id: z.string().min(1).max(80) }).strict(), TrainingScenario),
  /** A clip from seeds/training/audio as base64 (the renderer plays it from a blob: URL). */
  'training.audio': channel(z.object({ file: z.string().regex(/^[a-z0-9-]+\.(ogg|wav)$/) }).strict(), z.object({ mime: z.string(), base64: z.string() })),
};
