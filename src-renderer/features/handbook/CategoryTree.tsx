import type { CategoryCount } from '../../../src-shared/ipc/handbook.js';
import { useT } from '../../app/i18n/i18n.js';

interface CategoryNode {
  path: string;
  name: string;
  count: number;
  children: CategoryNode[];
}

/** Builds the scenario tree from article category paths (宽带业务/故障报修 → 宽带业务 › 故障报修). */
export function categoryTree(categories: CategoryCount[]): CategoryNode[] {
  const roots: CategoryNode[] = [];
  const byPath = new Map<string, CategoryNode>();
  for (const { path, count } of categories) {
    const segments = path.split('/').filter(Boolean);
    segments.forEach((name, depth) => {
      const nodePath = segments.slice(0, depth + 1).join('/');
      let node = byPath.get(nodePath);
      if (!node) {
        node = { path: nodePath, name, count: 0, children: [] };
        byPath.set(nodePath, node);
        (depth === 0 ? roots : byPath.get(segments.slice(0, depth).join('/'))!.children).push(node);
      }
      node.count += count;
    });
  }
  return roots;
}

export function CategoryTree({ categories, selected, onSelect }: { categories: CategoryCount[]; selected: string; onSelect(path: string): void }) {
  const t = useT();
  const renderNodes = (nodes: CategoryNode[]) => (
    <ul>
      {nodes.map((node) => (
        <li key={node.path}>
          <button type="button" aria-pressed={selected === node.path} onClick={() => onSelect(selected === node.path ? '' : node.path)}>
            {node.name} <span className="muted">{node.count}</span>
          </button>
          {node.children.length > 0 && (selected === node.path || selected.startsWith(`${node.path}/`)) && renderNodes(node.children)}
        </li>
      ))}
    </ul>
  );
  return (
    <nav className="category-tree" aria-label={t('handbook.categories')}>
      <button type="button" aria-pressed={selected === ''} onClick={() => onSelect('')}>
        {t('handbook.allCategories')}
      </button>
      {renderNodes(categoryTree(categories))}
    </nav>
  );
}
