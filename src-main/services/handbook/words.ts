import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';

// Chinese words, for what agents type mid-call ("网速慢怎么办", "光猫红灯") and for telling a pinyin
// match that is a word of the title (kd → 宽带) from an incidental one (kd → 卡丢了). jieba's
// dictionary knows general Chinese; the hotline's own words are added so they stay whole.

const DOMAIN_WORDS = [
  '光猫', '装维', '工信部', '携号转网', '宽带', '断网', '网速', '网速慢', '红灯', '指示灯', '光纤', '光信号', '路由器', '机顶盒',
  '停机保号', '停机', '复机', '实名制', '话费', '流量', '套餐', '漫游', '国际漫游', '补换卡', '补卡', '换卡', '副卡', '亲情号',
  '测速', '提速', '报修', '派单', '销户', '过户', '充值', '缴费', '发票', '积分', '星级', '彩铃', '来电显示', '呼叫转移', '固话',
  '宽带账号', '掉线', '无信号', '信号弱', '欠费', '退订', '订购', '资费', '月租', '预存', '合约', '营业厅', '工单', '回访', '投诉',
  '申诉', '骚扰电话', '诈骗', '关停', '靓号', '副号', '一号双终端', '主卡', '组网', '光缆', '上门', '故障', '办理',
];

/** Words that carry no subject: dropped from a natural query ("网速慢怎么办" → 网速慢). */
const STOP_WORDS = new Set(
  (
    '怎么办 怎么 怎样 如何 为什么 为啥 什么 啥 吗 呢 吧 啊 呀 哦 嘛 了 的 得 地 着 我 我的 我们 你 您 他 她 它 请问 请 一下 ' +
    '想 要 想要 能 能不能 可以 可不可以 是 是不是 在 和 与 还 就 都 也 很 太 老是 总是 一直 突然 有点 有些 这个 那个 这 那 ' +
    '一个 了吗 不了 不行 咋 咋办 帮 帮我 给 把 被 让 会 该 应该'
  ).split(' '),
);

let jieba: Jieba | undefined;

// Loading jieba's dictionary (349,000 words) takes 0.2–0.4 s of CPU: once, on first use, or when
// the process is idle after sign-in (loadSegmenterWhenIdle), not on the sign-in path.
function segmenter(): Jieba {
  if (!jieba) {
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(DOMAIN_WORDS.map((word) => `${word} 200000 n`).join('\n')));
  }
  return jieba;
}

/** Loads the segmenter once nothing else is waiting; a process that exits first never pays for it. */
export function loadSegmenterWhenIdle(): void {
  if (!jieba) setImmediate(segmenter).unref();
}

/** The words of a text, in order (punctuation and spaces dropped). */
export function chineseWords(text: string): string[] {
  return segmenter()
    .cut(text, true)
    .map((word) => word.trim())
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
}

/** The words of a query that say what it is about: stop words dropped (all of them, if nothing else is left, kept). */
export function contentWords(query: string): string[] {
  const words = chineseWords(query).map((word) => word.toLowerCase());
  const content = words.filter((word) => !STOP_WORDS.has(word));
  return content.length ? content : words;
}
