import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { codePathText, searchCodes, type CodeLeaf } from '../../../src-shared/tickets/codes.js';
import { useI18n, useT } from '../../app/i18n/i18n.js';

interface CodePickerProps {
  id: string;
  leaves: CodeLeaf[];
  value: string | null;
  onChange(code: string | null): void;
  onFocus(): void;
  onBlur(): void;
  invalid: boolean;
  describedBy?: string;
}

/**
 * A combobox over the leaves of a code tree. Typing Chinese (流量), pinyin initials (xhr) or a code
 * narrows the list; arrows move, Enter picks. Only leaves can be picked.
 */
export function CodePicker({ id, leaves, value, onChange, onFocus, onBlur, invalid, describedBy }: CodePickerProps) {
  const t = useT();
  const locale = useI18n((state) => state.locale);
  const listId = useId();
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const selected = leaves.find((leaf) => leaf.code === value);
  const matches = useMemo(() => (open ? searchCodes(leaves, query ?? '', 12) : []), [leaves, query, open]);

  const pick = (leaf: CodeLeaf) => {
    onChange(leaf.code);
    setQuery(null);
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, Math.max(matches.length - 1, 0)));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter' && open && matches[active]) {
      event.preventDefault();
      pick(matches[active]!);
    } else if (event.key === 'Escape' && open) {
      event.stopPropagation();
      setOpen(false);
      setQuery(null);
    }
  };

  return (
    <div className="code-picker">
      <input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[active] ? `${listId}-${matches[active]!.code}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        placeholder={t('tickets.code.search')}
        autoComplete="off"
        value={query ?? (selected ? codePathText(selected, locale) : '')}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => {
          onFocus();
          setOpen(true);
        }}
        onBlur={() => {
          // Let a click on an option land before the list closes.
          setTimeout(() => {
            setOpen(false);
            setQuery(null);
          }, 150);
          onBlur();
        }}
        onKeyDown={onKeyDown}
      />
      {selected && (
        <button type="button" className="link-button" onClick={() => onChange(null)}>
          {t('tickets.code.clear')}
        </button>
      )}
      {open && (
        <ul id={listId} role="listbox" aria-label={t('tickets.code.results')} className="code-options">
          {matches.length === 0 && <li className="muted">{t('tickets.code.none')}</li>}
          {matches.map((leaf, index) => (
            <li
              key={leaf.code}
              id={`${listId}-${leaf.code}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'active' : undefined}
              onMouseDown={(event) => {
                event.preventDefault();
                pick(leaf);
              }}
            >
              {codePathText(leaf, locale)} <span className="muted">{leaf.code}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
