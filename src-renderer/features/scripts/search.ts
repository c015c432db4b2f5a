import type { ScriptSummary } from '../../../src-shared/scripts/script-schema.js';

/**
 * Finds scripts by title, scenario, keywords, full pinyin or pinyin initials (kd → 宽带, xhzw →
 * 携号转网). Ranked: title hits first, then initials, then pinyin, then scenario and keywords.
 */
export function searchScripts(scripts: readonly ScriptSummary[], query: string): ScriptSummary[] {
  const needle = query.trim().toLowerCase().replace(/\s+/g, '');
  if (!needle) return [...scripts];
  const rank = (script: ScriptSummary): number => {
    if (script.title.toLowerCase().includes(needle)) return 0;
    const initials = script.initials.split(' ');
    if (initials.some((word) => word.startsWith(needle))) return 1;
    if (script.pinyin.split(' ').some((word) => word.includes(needle))) return 2;
    if (script.scenario.toLowerCase().includes(needle) || script.keywords.some((word) => word.toLowerCase().includes(needle))) return 3;
    if (initials.some((word) => word.includes(needle))) return 4;
    return -1;
  };
  return scripts
    .map((script) => ({ script, rank: rank(script) }))
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.script.title.localeCompare(b.script.title, 'zh-CN'))
    .map((entry) => entry.script);
}
