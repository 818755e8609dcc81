// Words that carry no topic: left out of distinctive terms and (by default) collocates.
// One-character tokens go too: in these texts they are nearly all particles, prepositions and
// modal verbs (的 要 和 在 把), and a one-character content word is too ambiguous to list.
// The list is short on purpose: pronouns, conjunctions, adverbs, generic verbs and enumerators
// of a readout. Words such as 疫情 or 防控 stay: in one meeting against the others they can be
// exactly what is distinctive.

import { isHanCodePoint } from '../positions';

const STOPWORDS = new Set(
  `我们 你们 他们 她们 它们 自己 大家 这个 那个 这些 那些 这样 那样 这种 这次 这里 那里 什么 怎么 如何 为什么
  一个 一些 一切 一定 一样 一起 一直 一步 一是 二是 三是 四是 五是 六是 七是 八是 九是 十是
  第一 第二 第三 第四 第五 第六 第七 第八 第九 第十 首先 其次 最后 同时 此外 另外 其中 之一 之间 以来 以上 以下 以及
  和 与 及 并 并且 而且 但是 但 不仅 还是 或者 以便 因为 所以 因此 如果 虽然 即使 只要 只有 就是 也是 还是 还要 更要
  都要 必须 需要 能够 可以 应该 应当 不能 不要 已经 正在 进行 开展 加以 予以 作为 成为 有关 关于 对于 通过 按照
  根据 围绕 为了 由于 各级 各类 各项 各种 各地 各方 方面 问题 工作 情况 当前 目前 现在 今年 去年 同志 同志们
  习近平 指出 强调 表示 认为 提出 要求 会议 讲话 重要 主持 召开 发表 出席 列席 听取 研究 部署 没有 不是 这是 就要
  特别 特别是 尤其 尤其是 非常 十分 更加 进一步 坚决 切实 全面 积极 继续 不断 始终 充分 及时 尽快 努力 大力
  所有 多次 其他 更好 做好 抓好 加强 推动 发挥 采取`.split(/\s+/).filter(Boolean),
);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** A word worth listing: at least two characters, not a stopword, not a number or a date part (2月, 2020年). */
export function isContentWord(word: string): boolean {
  if ([...word].length < 2 || STOPWORDS.has(word)) return false;
  if (/^[\d０-９.,%％]+[年月日号时点万亿个]?$/.test(word)) return false;
  for (const ch of word) if (isHanCodePoint(ch.codePointAt(0)!) || /[A-Za-z]/.test(ch)) return true;
  return false;
}
