/** Values a phrase may use. Missing values stay visible as the placeholder so the agent notices. */
export interface PhraseContext {
  agentId: string;
  customerName?: string;
  /** The caller's number, already masked for display (138****5678). */
  number?: string;
  /** YYYY年M月D日 */
  today: string;
}

const PLACEHOLDER = /\{(agentId|customerName|number|today)\}/g;

export function fillPlaceholders(text: string, context: PhraseContext): string {
  return text.replace(PLACEHOLDER, (whole, key: keyof PhraseContext) => context[key] ?? whole);
}

export function chineseDate(date: Date): string {
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日`;
}

