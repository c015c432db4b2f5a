// The centre's password policy, one for every place a password is set: the admin command, the
// change-password route and the workstation's form. Composition rules follow 等保 2.0 practice
// (three of four character classes); length and the refusals follow OWASP's advice.

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export interface PasswordProblem {
  zh: string;
  en: string;
}

/** Words every guessing list starts with; a password containing one is refused whatever else it has. */
const COMMON = ['password', 'passw0rd', 'qwerty', 'asdfgh', '123456', '654321', 'abcdef', '1qaz2wsx', 'iloveyou', 'hotline', 'admin', 'welcome', '000000', '111111', '888888'];

const CLASSES: RegExp[] = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

/** Problems with a new password for agent `agentId`; empty when it may be set. */
export function passwordProblems(password: string, agentId: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push({ zh: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符`, en: `at least ${PASSWORD_MIN_LENGTH} characters` });
  if (length > PASSWORD_MAX_LENGTH) problems.push({ zh: `密码最多 ${PASSWORD_MAX_LENGTH} 个字符`, en: `at most ${PASSWORD_MAX_LENGTH} characters` });
  if (CLASSES.filter((pattern) => pattern.test(password)).length < 3) {
    problems.push({ zh: '需包含小写字母、大写字母、数字、符号中的至少三类', en: 'use at least three of: lower-case letters, upper-case letters, digits, symbols' });
  }
  const lower = password.toLowerCase();
  if (agentId.length > 0 && lower.includes(agentId.toLowerCase())) problems.push({ zh: '密码不能包含工号', en: 'must not contain the agent id' });
  const common = COMMON.find((word) => lower.includes(word));
  if (common) problems.push({ zh: `密码不能包含常见弱口令（${common}）`, en: `must not contain a common password (${common})` });
  if (/^(.)\1*$/u.test(password)) problems.push({ zh: '密码不能是同一个字符的重复', en: 'must not repeat one character' });
  return problems;
}

/** One line per language, for errors that carry both (`zh / en`). */
export function describePasswordProblems(problems: PasswordProblem[]): string {
  return `密码不符合要求：${problems.map((p) => p.zh).join('；')} / Password refused: ${problems.map((p) => p.en).join('; ')}`;
}
