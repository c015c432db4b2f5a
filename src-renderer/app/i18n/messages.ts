import type { ErrorCode } from '../../../src-shared/result.js';
import { en as scriptsEn, zhCN as scriptsZhCN } from '../../features/scripts/messages.js';
import { en as trainingEn, zhCN as trainingZhCN } from '../../features/training/messages.js';
import * as softphone from '../../features/softphone/messages.js';
import { en as ticketsEn, zhCN as ticketsZhCN } from '../../features/tickets/messages.js';
import { en as handbookEn, zhCN as handbookZhCN } from '../../features/handbook/messages.js';
import { en as syncEn, zhCN as syncZhCN } from '../../features/sync/messages.js';

// Every string the UI shows. zh-CN is the source; English must have the same keys (the type checks it).
// A feature keeps its own strings in features/<name>/messages.ts and is spread in here.
const shellZhCN = {
  'app.title': '热线工作台',
  'app.language': 'English',
  'app.languageLabel': '切换语言',
  'ui.datetime.placeholder': '如 202612031500 或 明天 15:00',
  'ui.datetime.format': '年-月-日 时:分，可连续输入数字',
  'ui.datetime.invalid': '无法识别的时间，请输入如 2026-12-03 15:00 或 明天 15:00',
  'login.heading': '坐席登录',
  'login.agentId': '工号',
  'login.password': '密码',
  'login.submit': '登录',
  'login.submitting': '正在登录…',
  'login.offlineNotice': '中心服务器不可达，已使用本机缓存凭据离线登录。',
  'login.demoHint': '演示账号：坐席 1001 / hotline1001',
  'session.logout': '退出',
  'callbar.label': '通话栏',
  'callbar.agentState': '坐席状态',
  'callbar.state.offline': '未签入',
  'callbar.line.idle': '线路空闲',
  'work.heading': '话术与工单',
  'work.empty': '来电接通后，这里显示服务话术与工单。',
  'sync.online': '在线',
  'sync.offline': '离线',
  'sync.syncing': '同步中',
  'sync.pending': '待上传',
  'sync.lastSync': '上次同步',
  'sync.never': '从未',
  'sync.now': '立即同步',
  'sync.status': '同步状态',
} as const;

export const zhCN = { ...shellZhCN, ...softphone.zhCN, ...ticketsZhCN, ...handbookZhCN, ...scriptsZhCN, ...trainingZhCN, ...syncZhCN };
export type MessageKey = keyof typeof zhCN;

const shellEn: Record<keyof typeof shellZhCN, string> = {
  'app.title': 'Hotline Workstation',
  'app.language': '中文',
  'app.languageLabel': 'Switch language',
  'ui.datetime.placeholder': 'e.g. 202612031500 or 12-03 15:00',
  'ui.datetime.format': 'year-month-day hour:minute; digits in one go',
  'ui.datetime.invalid': 'Not a date and time: type e.g. 2026-12-03 15:00, 12-03 15:00 or 1500',
  'login.heading': 'Agent sign-in',
  'login.agentId': 'Agent ID',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.offlineNotice': 'Central server unreachable: signed in offline with the credential cached on this machine.',
  'login.demoHint': 'Demo account: agent 1001 / hotline1001',
  'session.logout': 'Sign out',
  'callbar.label': 'Call bar',
  'callbar.agentState': 'Agent state',
  'callbar.state.offline': 'Signed out',
  'callbar.line.idle': 'Line idle',
  'work.heading': 'Scripts & tickets',
  'work.empty': 'When a call connects, its script and ticket appear here.',
  'sync.online': 'Online',
  'sync.offline': 'Offline',
  'sync.syncing': 'Syncing',
  'sync.pending': 'Pending',
  'sync.lastSync': 'Last sync',
  'sync.never': 'never',
  'sync.now': 'Sync now',
  'sync.status': 'Sync status',
};

export const en: Record<MessageKey, string> = { ...shellEn, ...softphone.en, ...ticketsEn, ...handbookEn, ...scriptsEn, ...trainingEn, ...syncEn };

export const errorMessages: Record<'zh-CN' | 'en', Partial<Record<ErrorCode, string>> & { fallback: string }> = {
  'zh-CN': {
    BAD_CREDENTIALS: '工号或密码错误，请重新输入。',
    SERVER_UNREACHABLE: '无法连接中心服务器，且本机没有该工号的登录记录。',
    OFFLINE_EXPIRED: '已超过允许的离线登录天数，请连接中心服务器后在线登录。',
    KEYSTORE_UNSAFE: '本机系统密钥库不可用（basic_text），不能安全保存客户资料。请联系中心开启系统密钥库（如 GNOME Keyring / KWallet）。',
    VALIDATION: '输入有误，请检查后重试。',
    NO_SESSION: '请先登录。',
    NOT_FOUND: '未找到。',
    RATE_LIMITED: '尝试次数过多，请稍后再试。',
    UNAUTHENTICATED: '登录已失效（账号停用、密码已修改或已退出登录），请重新登录。未同步的工作保存在本机，登录后继续同步。',
    fallback: '操作失败，请稍后重试。',
  },
  en: {
    BAD_CREDENTIALS: 'Wrong agent ID or password.',
    SERVER_UNREACHABLE: 'Cannot reach the central server, and this agent has not signed in on this machine before.',
    OFFLINE_EXPIRED: 'Offline sign-in has expired: connect to the central server and sign in online.',
    KEYSTORE_UNSAFE: "This machine's keystore is not available (basic_text), so customer data cannot be stored safely. Ask the centre to enable the system keystore (GNOME Keyring / KWallet).",
    VALIDATION: 'Please check your input.',
    NO_SESSION: 'Please sign in first.',
    NOT_FOUND: 'Not found.',
    RATE_LIMITED: 'Too many attempts; please wait and try again.',
    UNAUTHENTICATED: 'Your sign-in is no longer valid (account disabled, password changed or signed out). Please sign in again; unsynced work is kept on this machine and syncs after you sign in.',
    fallback: 'Something went wrong; please try again.',
  },
};
