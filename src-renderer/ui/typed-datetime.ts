// A date-time typed the way a Chinese agent types it, read in the machine's local time (the centre's
// time zone). The native datetime-local input follows the OS locale (mm/dd/yyyy, AM/PM), needs seven
// Tabs and drops typed digits; this one takes what is typed in one go.
//
//   202612031500 · 2026-12-03 15:00 · 2026/12/3 9:05 · 2026年12月3日 15点30 · 2026-12-03T15:00
//   12031500 · 12-03 15:00 · 12月3日 15:00 (this year) · 15:00 · 1500 (today)
//   今天 18:00 · 明天 15:00 · 后天 9点 (relative days)

const pad = (n: number) => String(n).padStart(2, '0');

/** `yyyy-MM-dd HH:mm` in local time: what the field shows, whatever the OS locale. */
export function formatTypedDateTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const RELATIVE_DAYS: Record<string, number> = { 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2 };

/** Full-width digits and punctuation as typed with a Chinese IME, made ASCII. */
const halfWidth = (text: string) => text.replace(/[０-９：－／．]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));

/** The date and time typed, or null for nothing typed, or 'invalid' for text that is not one. */
export function parseTypedDateTime(typed: string, now: Date): Date | null | 'invalid' {
  let text = halfWidth(typed).trim();
  if (!text) return null;
  let dayOffset: number | null = null;
  const relative = /^(今天|今日|明天|明日|后天)\s*/.exec(text);
  if (relative) {
    dayOffset = RELATIVE_DAYS[relative[1]!]!;
    text = text.slice(relative[0].length);
  }
  // 2026年12月3日 15点30分 → 2026-12-3 15:30
  text = text
    .replace(/年|月/g, '-')
    .replace(/[日号]\s*/g, ' ')
    .replace(/[点時时](?=\d)/g, ':')
    .replace(/[点時时]$/, ':00')
    .replace(/分$/, '')
    .replace(/T/i, ' ')
    .replace(/\s+/g, ' ')
    .trim();

  let year = now.getFullYear();
  let month = now.getMonth() + 1;
  let day = now.getDate();
  let time: string;
  let match: RegExpExecArray | null;
  if (dayOffset !== null) {
    time = text;
  } else if ((match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text))) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    time = `${match[4]}:${match[5]}`;
  } else if ((match = /^(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text))) {
    [month, day] = [Number(match[1]), Number(match[2])];
    time = `${match[3]}:${match[4]}`;
  } else if ((match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2}) ?(.*)$/.exec(text))) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    time = match[4]!;
  } else if ((match = /^(\d{1,2})[-/.](\d{1,2}) (.+)$/.exec(text))) {
    [month, day] = [Number(match[1]), Number(match[2])];
    time = match[3]!;
  } else {
    time = text;
  }

  const clock = /^(\d{1,2}):(\d{2})$/.exec(time) ?? /^(\d{2})(\d{2})$/.exec(time);
  if (!clock) return 'invalid';
  const hours = Number(clock[1]);
  const minutes = Number(clock[2]);
  if (hours > 23 || minutes > 59 || month < 1 || month > 12 || day < 1) return 'invalid';
  const date = new Date(year, month - 1, day + (dayOffset ?? 0), hours, minutes, 0, 0);
  // 2026-02-30 would roll over into March: not a date anyone meant.
  if (dayOffset === null && (date.getMonth() !== month - 1 || date.getDate() !== day)) return 'invalid';
  return date;
}
