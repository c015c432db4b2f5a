import { useEffect, useRef, useState, type FocusEvent } from 'react';
import { useI18n, useT } from '../app/i18n/i18n.js';
import { formatTypedDateTime, parseTypedDateTime } from './typed-datetime.js';

export interface DateTimeFieldProps {
  id?: string;
  /** ISO time, or null. */
  value: string | null;
  onChange?: (iso: string | null) => void;
  /** For an uncontrolled form: a hidden input of this name carries the ISO time (empty while unreadable). */
  name?: string;
  required?: boolean;
  autoFocus?: boolean;
  onFocus?: () => void;
  onBlur?: () => void;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

const toIso = (parsed: ReturnType<typeof parseTypedDateTime>) => (parsed instanceof Date ? parsed.toISOString() : null);

/**
 * A date-time field that takes typed digits in one go (202612031500, 12-03 15:00, 明天 15:00; see
 * typed-datetime.ts) and shows yyyy-MM-dd HH:mm whatever the OS locale. The stored value always
 * follows what is typed: a text that is not (yet) a time stores nothing, and says so when left.
 * The line under the input always holds one note (what was read, with the weekday; why it could
 * not be read; or how to type one), so nothing moves under the cursor when the field is left:
 * a note that appeared or vanished on blur shifted the button being clicked and lost the click.
 */
export function DateTimeField(props: DateTimeFieldProps) {
  const t = useT();
  const locale = useI18n((state) => state.locale);
  const { id, value, onChange, name } = props;
  const shown = (iso: string | null) => (iso && Number.isFinite(Date.parse(iso)) ? formatTypedDateTime(new Date(iso)) : '');
  const [text, setText] = useState(() => shown(value));
  const [left, setLeft] = useState(false);
  const committed = useRef(value);
  // A value set from outside (a draft reopened, a reset) replaces what is shown.
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setText(shown(value));
    }
  }, [value]);

  const parsed = parseTypedDateTime(text, new Date());
  const invalid = parsed === 'invalid';
  const read = parsed instanceof Date ? `${formatTypedDateTime(parsed)} ${new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(parsed)}` : null;
  const noteId = id ? `${id}-typed` : undefined;

  const onText = (next: string) => {
    setText(next);
    setLeft(false);
    const iso = toIso(parseTypedDateTime(next, new Date()));
    if (iso !== committed.current) {
      committed.current = iso;
      onChange?.(iso);
    }
  };
  const onBlur = (_event: FocusEvent<HTMLInputElement>) => {
    if (parsed instanceof Date) setText(formatTypedDateTime(parsed));
    setLeft(true);
    props.onBlur?.();
  };

  return (
    <span className="datetime-field">
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder={t('ui.datetime.placeholder')}
        value={text}
        required={props.required}
        autoFocus={props.autoFocus}
        aria-invalid={props['aria-invalid'] || (left && invalid) || undefined}
        aria-describedby={[props['aria-describedby'], noteId].filter(Boolean).join(' ') || undefined}
        onChange={(event) => onText(event.target.value)}
        onFocus={props.onFocus}
        onBlur={onBlur}
      />
      {name && <input type="hidden" name={name} value={toIso(parsed) ?? ''} />}
      {left && invalid ? (
        <span id={noteId} className="datetime-note field-error">
          {t('ui.datetime.invalid')}
        </span>
      ) : (
        <span id={noteId} className="datetime-note hint" data-testid={id ? `${id}-read` : undefined}>
          {read ? `→ ${read}` : t('ui.datetime.format')}
        </span>
      )}
    </span>
  );
}
