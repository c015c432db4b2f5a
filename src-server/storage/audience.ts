import type { ChangeAudience } from './storage.js';

/** Who may see a set of written documents: the union of their teams and owners (or everyone). */
export function audienceOf(writes: { team?: string | null; owner?: string | null }[]): ChangeAudience {
  const teams = new Set<string>();
  const owners = new Set<string>();
  let everyone = false;
  for (const write of writes) {
    if (write.owner) owners.add(write.owner);
    else if (write.team) teams.add(write.team);
    else everyone = true;
  }
  return { everyone, teams: [...teams], owners: [...owners] };
}

export const EVERYONE: ChangeAudience = { everyone: true, teams: [], owners: [] };

export const mayHear = (audience: ChangeAudience, viewer: { agentId: string; team: string }) =>
  audience.everyone || audience.teams.includes(viewer.team) || audience.owners.includes(viewer.agentId);
