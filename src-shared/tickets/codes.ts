import { z } from 'zod';
import { LocalText } from './text.js';

// Complaint codes (投诉编码): a multi-level tree published by the central API as one document per
// tree (collection `codes`). Only leaves may be put on a ticket.

export interface CodeNode {
  code: string;
  label: LocalText;
  children?: CodeNode[];
}
export const CodeNode: z.ZodType<CodeNode> = z.lazy(() =>
  z.object({ code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,39}$/), label: LocalText, children: z.array(CodeNode).min(1).optional() }).strict(),
);

export const CodeTree = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
    version: z.number().int().positive(),
    name: LocalText,
    roots: z.array(CodeNode).min(1),
  })
  .strict()
  .superRefine((tree, ctx) => {
    const seen = new Set<string>();
    for (const leaf of flattenCodeTree(tree)) {
      if (seen.has(leaf.code)) ctx.addIssue({ code: 'custom', path: ['roots'], message: `duplicate code ${leaf.code}` });
      seen.add(leaf.code);
    }
  });
export type CodeTree = z.infer<typeof CodeTree>;

/** A selectable leaf with the labels of its whole path, e.g. 网络质量 / 移动网络 / 信号弱. */
export interface CodeLeaf {
  code: string;
  path: LocalText[];
  /** Pinyin initials of the Chinese path, one word per level ("wlzl ydwl xhr"); filled in by main. */
  initials?: string;
}

export function flattenCodeTree(tree: Pick<CodeTree, 'roots'>): CodeLeaf[] {
  const leaves: CodeLeaf[] = [];
  const walk = (node: CodeNode, path: LocalText[]) => {
    const here = [...path, node.label];
    if (node.children?.length) node.children.forEach((child) => walk(child, here));
    else leaves.push({ code: node.code, path: here });
  };
  tree.roots.forEach((root) => walk(root, []));
  return leaves;
}

export const codePathText = (leaf: CodeLeaf, locale: 'zh-CN' | 'en' = 'zh-CN') =>
  leaf.path.map((label) => (locale === 'en' ? label.en : label.zh)).join(' / ');

/**
 * Finds leaves by Chinese text (any part of the path), by code, or by pinyin initials: "xhr" finds
 * 信号弱, "ydxhr" finds 移动网络/信号弱 through the last two levels' initials run together.
 * Matches on the leaf's own label rank first.
 */
export function searchCodes(leaves: CodeLeaf[], query: string, limit = 50): CodeLeaf[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, '');
  if (!q) return leaves.slice(0, limit);
  const scored: { leaf: CodeLeaf; score: number }[] = [];
  for (const leaf of leaves) {
    const score = codeMatchScore(leaf, q);
    if (score > 0) scored.push({ leaf, score });
  }
  return scored.sort((a, b) => b.score - a.score || a.leaf.code.localeCompare(b.leaf.code)).slice(0, limit).map((entry) => entry.leaf);
}

function codeMatchScore(leaf: CodeLeaf, q: string): number {
  const own = leaf.path.at(-1)!;
  if (own.zh.includes(q)) return 100;
  const initials = (leaf.initials ?? '').split(' ');
  const ownInitials = initials.at(-1) ?? '';
  if (ownInitials.startsWith(q)) return 90;
  if (leaf.code.toLowerCase() === q) return 85;
  if (leaf.path.some((label) => label.zh.includes(q))) return 70;
  // Initials of consecutive levels run together, ending at the leaf: "ydwlxhr", "ydxhr".
  for (let start = 0; start < initials.length; start++) {
    const run = initials.slice(start).join('');
    if (run.startsWith(q) || initials.slice(start, -1).map((word) => word[0] ?? '').join('') + ownInitials === q) return 60;
  }
  if (initials.join('').includes(q)) return 40;
  if (leaf.code.toLowerCase().includes(q) || own.en.toLowerCase().includes(q)) return 30;
  return 0;
}
