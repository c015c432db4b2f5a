import { useState, type ChangeEvent } from 'react';
import { DateTimeField } from '../../ui/DateTimeField.js';
import type { CodeLeaf } from '../../../src-shared/tickets/codes.js';
import type { ChoiceOption, FieldDef, FieldValue, FileRef } from '../../../src-shared/tickets/form-schema.js';
import { inputMasks } from '../../../src-shared/tickets/validators.js';
import { ATTACHMENT_EXTENSIONS, checkAttachment, SNIFF_BYTES } from '../../../src-shared/tickets/attachment-types.js';
import { MAX_ATTACHMENT_BYTES } from '../../../src-shared/sync/protocol.js';
import { invoke } from '../../platform/workstation.js';
import { useErrorText, useT } from '../../app/i18n/i18n.js';
import type { MessageKey } from '../../app/i18n/messages.js';
import { CodePicker } from './CodePicker.js';
import { useLocalText } from './ui-helpers.js';

export interface FieldInputProps {
  field: FieldDef;
  id: string;
  value: FieldValue | undefined;
  onChange(value: FieldValue): void;
  onFocus(): void;
  onBlur(): void;
  invalid: boolean;
  describedBy?: string;
  codeLeaves: CodeLeaf[];
}

/** Kinds rendered as a group of controls (fieldset + legend) rather than one labelled control. */
export const GROUP_KINDS = new Set(['single-radio', 'multi', 'cascade', 'file']);
export const isGroupField = (field: FieldDef) => GROUP_KINDS.has(field.kind === 'single' && (field.options?.length ?? 0) <= 3 ? 'single-radio' : field.kind);

/** One control per field kind; masks are applied as the agent types. */
export function FieldInput(props: FieldInputProps) {
  const { field, id, value, onChange, onFocus, onBlur, invalid, describedBy } = props;
  const local = useLocalText();
  const t = useT();
  const common = { id, onFocus, onBlur, 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy };
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  const onText = (mask?: (raw: string) => string) => (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(mask ? mask(event.target.value) : event.target.value);
  const placeholder = field.placeholder ? local(field.placeholder) : undefined;

  switch (field.kind) {
    case 'text':
      return <input {...common} type="text" value={text} onChange={onText()} placeholder={placeholder} maxLength={(field.maxLength ?? 200) + 20} />;
    case 'longText':
      return <textarea {...common} rows={3} value={text} onChange={onText()} placeholder={placeholder} />;
    case 'number':
      return (
        <input
          {...common}
          type="text"
          inputMode="decimal"
          value={text}
          onChange={(event) => {
            const raw = inputMasks.digits(event.target.value);
            onChange(raw !== '' && Number.isFinite(Number(raw)) && !raw.endsWith('.') ? Number(raw) : raw);
          }}
        />
      );
    case 'mobile':
      return <input {...common} type="tel" inputMode="numeric" autoComplete="off" value={text} onChange={onText(inputMasks.mobile)} placeholder="13812345678" />;
    case 'phone':
      return <input {...common} type="tel" inputMode="tel" autoComplete="off" value={text} onChange={onText(inputMasks.phone)} />;
    case 'idNumber':
      return <input {...common} type="text" autoComplete="off" spellCheck={false} value={text} onChange={onText(inputMasks.idNumber)} />;
    case 'datetime':
      return <DateTimeField id={id} value={text || null} onChange={onChange} onFocus={onFocus} onBlur={onBlur} aria-invalid={invalid || undefined} aria-describedby={describedBy} />;
    case 'single':
      if ((field.options?.length ?? 0) <= 3) {
        return (
          <div className="choice-row" id={id}>
            {field.options!.map((option) => (
              <label key={option.value} className="choice">
                <input type="radio" name={id} checked={value === option.value} onChange={() => onChange(option.value)} onFocus={onFocus} onBlur={onBlur} />
                {local(option.label)}
              </label>
            ))}
          </div>
        );
      }
      return (
        <select {...common} value={text} onChange={(event) => onChange(event.target.value || null)}>
          <option value="">{t('tickets.choose')}</option>
          {field.options!.map((option) => (
            <option key={option.value} value={option.value}>
              {local(option.label)}
            </option>
          ))}
        </select>
      );
    case 'multi': {
      const selected = Array.isArray(value) ? (value as string[]) : [];
      return (
        <div className="choice-row" id={id}>
          {field.options!.map((option) => (
            <label key={option.value} className="choice">
              <input
                type="checkbox"
                checked={selected.includes(option.value)}
                onFocus={onFocus}
                onBlur={onBlur}
                onChange={(event) => onChange(event.target.checked ? [...selected, option.value] : selected.filter((item) => item !== option.value))}
              />
              {local(option.label)}
            </label>
          ))}
        </div>
      );
    }
    case 'cascade':
      return <CascadeInput {...props} />;
    case 'code':
      return (
        <CodePicker
          id={id}
          leaves={props.codeLeaves}
          value={typeof value === 'string' ? value : null}
          onChange={onChange}
          onFocus={onFocus}
          onBlur={onBlur}
          invalid={invalid}
          describedBy={describedBy}
        />
      );
    case 'file':
      return <FileInput {...props} />;
  }
}

function CascadeInput({ field, id, value, onChange, onFocus, onBlur, invalid }: FieldInputProps) {
  const local = useLocalText();
  const t = useT();
  const path = Array.isArray(value) ? (value as string[]) : [];
  const levels: ChoiceOption[][] = [field.options!];
  for (const step of path) {
    const children = levels.at(-1)!.find((option) => option.value === step)?.children;
    if (!children?.length) break;
    levels.push(children);
  }
  return (
    <div className="choice-row" id={id}>
      {levels.map((options, depth) => (
        <select
          key={depth}
          aria-label={`${local(field.label)} ${depth + 1}`}
          aria-invalid={invalid || undefined}
          value={path[depth] ?? ''}
          onFocus={onFocus}
          onBlur={onBlur}
          onChange={(event) => onChange(event.target.value ? [...path.slice(0, depth), event.target.value] : path.slice(0, depth))}
        >
          <option value="">{t('tickets.choose')}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {local(option.label)}
            </option>
          ))}
        </select>
      ))}
    </div>
  );
}

const FILE_REFUSALS: Record<'type' | 'name' | 'size' | 'empty', MessageKey> = {
  type: 'tickets.file.refusedType',
  name: 'tickets.file.refusedName',
  size: 'tickets.file.refusedSize',
  empty: 'tickets.file.refusedEmpty',
};

function FileInput({ field, id, value, onChange, onFocus, onBlur }: FieldInputProps) {
  const t = useT();
  const errorText = useErrorText();
  const local = useLocalText();
  const files = Array.isArray(value) ? (value as unknown as FileRef[]) : [];
  const [busy, setBusy] = useState(false);
  const [refusals, setRefusals] = useState<string[]>([]);
  const add = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = [...(event.target.files ?? [])];
    event.target.value = '';
    setBusy(true);
    const added: FileRef[] = [];
    const refused: string[] = [];
    const maxBytes = Math.min(field.maxFileBytes ?? MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_BYTES);
    for (const file of chosen) {
      // Size and type first, from the first bytes only: a 700 MB video is never read into memory.
      const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
      const checked = checkAttachment(file.name, head, { size: file.size, maxBytes, complete: false });
      if (!checked.ok) {
        refused.push(`${file.name}: ${t(FILE_REFUSALS[checked.reason])}`);
        continue;
      }
      const result = await invoke('tickets.attach', { name: file.name, dataBase64: await readBase64(file) });
      if (result.ok) added.push(result.value);
      else refused.push(`${file.name}: ${errorText(result.error)}`);
    }
    setBusy(false);
    setRefusals(refused);
    onChange([...files, ...added] as unknown as FieldValue);
  };
  return (
    <div className="file-field" id={id}>
      <label className="file-add">
        {t('tickets.file.add')}
        <input type="file" multiple accept={(field.accept ?? []).concat(ATTACHMENT_EXTENSIONS).join(',')} onChange={(event) => void add(event)} onFocus={onFocus} onBlur={onBlur} aria-label={`${local(field.label)} ${t('tickets.file.add')}`} />
      </label>
      {busy && <span className="muted">{t('tickets.file.uploading')}</span>}
      {refusals.length > 0 && (
        <ul className="file-refusals" role="alert" data-testid="file-refusals">
          {refusals.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
      <ul className="file-list">
        {files.map((file) => (
          <li key={file.id}>
            {file.name} <span className="muted">{Math.ceil(file.size / 1024)} KB</span>{' '}
            <button type="button" className="link-button" onClick={() => onChange(files.filter((other) => other.id !== file.id) as unknown as FieldValue)}>
              {t('tickets.file.remove')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
