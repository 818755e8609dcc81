// Candidate policy terms nobody has defined yet, found from the shape of the text:
// numbered formulas (四个意识, 三大攻坚战, 六稳, 两不愁三保障), short quoted phrases (“菜篮子”),
// and 、-lists of parallel short phrases (坚定信心、同舟共济、科学防治、精准施策).
// The shapes also match the stock phrases of official prose (疫情防控, 有关部门, 三个方面, “民主”):
// those are dropped here, by a stoplist and a few structural rules (`isGenericCandidate`), before
// anything is stored or counted. How term-like the rest are is ranked corpus-wide (candidateRanking.ts).

import { TokenArrays } from './segmenter';

export type CandidateReason = 'numbered-formula' | 'quoted' | 'parallel-list';

export interface CandidateHit {
  form: string;
  reason: CandidateReason;
  start: number;
}

const NUM = '一二两三四五六七八九十';
// A table, not a Set: it is asked once per token of every file.
const NUM_CODES = new Uint8Array(0x10000);
for (const c of NUM) NUM_CODES[c.charCodeAt(0)] = 1;
const HAN = /^[\u3400-\u9fff]+$/;
// Numeral + classifier token, then the next word: 四个 + 意识, 三大 + 攻坚战.
const NUMBER_MEASURE = new RegExp(`^[${NUM}]{1,2}(个|大|项|条|种|类|化|严|基本)$`);
// A formula written as one word: 六稳, 六保, 四早, 四集中, 三保障, 两不愁.
// The same formula already one word (once a glossary has added it to jieba's dictionary).
const NUMBER_MEASURE_WORD = new RegExp(`^[${NUM}]{1,2}(个|大|项|条|种|类)[\u4e00-\u9fff]{2,4}$`);
const NUMBER_HEAD = new RegExp(`^[${NUM}]{1,2}(稳|保|早|集中|不愁|保障|区|州|应|统一|覆盖|防|治)$`);
// Two formulas run together: 两不愁三保障, 三区三州.
const COMPOUND = new RegExp(`[${NUM}][\u4e00-\u9fff]{1,2}[${NUM}][\u4e00-\u9fff]{1,2}`, 'g');
const COMPOUND_PART = new RegExp(`^[${NUM}](不愁|保障|区|州|稳|保|早|集中|个[\u4e00-\u9fff]|大[\u4e00-\u9fff])$`);
const QUOTED = /“([^“”\n]{2,12})”/g;
// 3+ short phrases separated by 、 and closed by punctuation or a particle.
// Sticky: tried at given starts only (see listMatches).
const LIST_AT = /(?:[\u4e00-\u9fff]{2,8}、){2,}[\u4e00-\u9fff]{2,8}/y;
/** Longest list item: a list starts at most this far before its first 、. */
const LIST_ITEM_MAX = 8;

// Numbered words that are ordinary language, never formulas.
const ORDINARY = new Set(['一个', '两个', '三个', '一大', '一项', '一条', '一种', '一类', '十分', '一些', '一起', '一道', '一是', '一定', '一直', '一切', '一样', '一步', '一线']);

/**
 * Stock phrases of official prose that the shapes propose but that name no policy: who acts
 * (有关部门, 各级党委和政府, 人民群众), what is being dealt with (疫情防控), and the nouns that fill
 * 、-lists of every report (经济发展, 基础设施). Not a list of every generic phrase: the structural
 * rules below catch most; these are the frequent ones they miss.
 */
export const GENERIC_PHRASES: ReadonlySet<string> = new Set([
  // who acts
  '有关部门', '各有关部门', '各级党委和政府', '各级党委', '各级政府', '各级党委政府', '各地区各部门', '各地各部门', '党员干部', '广大党员干部',
  '人民群众', '广大人民群众', '广大干部群众', '干部群众', '社会各界', '全国人民', '全国各族人民', '人民政府', '地方政府', '基层干部',
  '医务人员', '医护人员', '工作人员', '党政机关', '事业单位', '社会组织', '人民代表', '台湾同胞', '民主党派',
  // what is dealt with, in the words of every text of its time
  '疫情防控', '疫情防控工作', '防控工作', '新冠肺炎', '新冠肺炎疫情', '医疗救治', '经济发展', '社会发展', '经济社会发展', '经济建设',
  '经济增长', '经济体制', '人民生活', '社会稳定', '社会秩序', '市场秩序', '生产生活', '交通运输', '基础设施', '科学技术', '工业生产',
  '农业生产', '基本建设', '产品质量', '社会主义', '资本主义', '帝国主义', '环境保护', '社会治安', '社会事业', '管理体制', '政策措施',
  // verbs and modifiers that open an ordinary phrase
  '充分发挥', '全面加强', '解决问题', '统筹协调',
  // single words that texts put in quotation marks
  '和平', '民主', '自由', '升级', '热点', '缓和', '梦想', '瓶颈', '帽子',
]);

/** The last word of a 、-list item that makes it an ordinary noun phrase: people, bodies, places, things. */
const GENERIC_HEAD = /(人员|部门|单位|机构|群众|干部|职工|企业|工作者|人士|同胞|党派|团体|组织|地区|城市|农村|学校|医院|院所|设施|设备|装备|物资|产品|用品|试剂|行业|领域|秩序|体制)$/;
/** A list item cut at the wrong place: it opens on a conjunction or closes on 等 or 的 (云计算等, 企业进行). */
const NOT_IN_ITEM = /^[等的和及与或]|[等的]$|进行/;
/** Modifiers that open ordinary verb phrases in lists (全面加强, 充分发挥, 进一步做好). */
const ORDINARY_OPENING = /^(全面|充分|进一|认真|切实|积极|努力|不断|大力|广泛|及时|密切)/;
const NUMBERED_OPENING = /^[一二两三四五六七八九十双]/;
/** The noun after a numeral and classifier that makes it counting, not a formula: 三个方面, 两个问题, 一个多月. */
const COUNTED_NOUN = /^[一二两三四五六七八九十]{1,2}(?:个|大|项|条|种|类)(方面|问题|部分|小时|多月|多小时|星期|孩子|单位|部门|省份|城市|地区|国家|层次|环节|步骤|时期|季度|年度|月份|多|又)/;

/**
 * A candidate form that is a stock phrase, not a term (see GENERIC_PHRASES): the stoplist, then
 * a rule for each shape. `oneToken`: the form is one word of the segmentation (a quoted form).
 */
export function isGenericCandidate(form: string, reason: CandidateReason, oneToken = false): boolean {
  if (GENERIC_PHRASES.has(form)) return true;
  switch (reason) {
    case 'numbered-formula':
      return COUNTED_NOUN.test(form);
    case 'quoted':
      // One two-character word in quotation marks is emphasis (“民主”, “升级”), not a new term;
      // unless it is counted (“六稳”, “三农”, “双减”).
      return oneToken && form.length <= 2 && !NUMBERED_OPENING.test(form);
    case 'parallel-list':
      return GENERIC_HEAD.test(form) || NOT_IN_ITEM.test(form) || ORDINARY_OPENING.test(form);
  }
}

/**
 * The candidate terms of a text, shape by shape. Each shape is a function of its own: a shape
 * that a text meets for the first time late (the first quotation marks after a hundred files)
 * then sends only its own small function back to the interpreter, not the whole search.
 */
export function findCandidates(text: string, tokens?: TokenArrays): CandidateHit[] {
  const hits: CandidateHit[] = [];
  if (tokens) numberedTokens(text, tokens, hits);
  compounds(text, hits);
  quoted(text, tokens, hits);
  lists(text, tokens, hits);
  return hits;
}

function numberedTokens(text: string, tokens: TokenArrays, hits: CandidateHit[]): void {
  const { starts, ends } = tokens;
  for (let i = 0; i < starts.length; i++) {
    // Every numbered shape starts with a numeral: most tokens are passed over without a slice or a regex.
    if (NUM_CODES[text.charCodeAt(starts[i])] === 0) continue;
    const w = text.slice(starts[i], ends[i]);
    if ((NUMBER_HEAD.test(w) || NUMBER_MEASURE_WORD.test(w)) && !ORDINARY.has(w)) {
      if (!isGenericCandidate(w, 'numbered-formula')) hits.push({ form: w, reason: 'numbered-formula', start: starts[i] });
    } else if (NUMBER_MEASURE.test(w) && !w.startsWith('一') && i + 1 < starts.length && starts[i + 1] === ends[i]) {
      // 一个环节, 一项工作: a numeral 一 with a classifier is ordinary counting, not a formula.
      const next = text.slice(starts[i + 1], ends[i + 1]);
      if (HAN.test(next) && next.length >= 2 && next.length <= 4 && !isGenericCandidate(w + next, 'numbered-formula')) {
        hits.push({ form: w + next, reason: 'numbered-formula', start: starts[i] });
      }
    }
  }
}

function compounds(text: string, hits: CandidateHit[]): void {
  for (const m of text.matchAll(COMPOUND)) {
    const s = m[0];
    // Split at the second numeral and check both halves look like formula heads.
    for (let k = 2; k < s.length - 1; k++) {
      if (NUM.includes(s[k]) && COMPOUND_PART.test(s.slice(0, k)) && COMPOUND_PART.test(s.slice(k))) {
        if (!isGenericCandidate(s, 'numbered-formula')) hits.push({ form: s, reason: 'numbered-formula', start: m.index! });
        break;
      }
    }
  }
}

function quoted(text: string, tokens: TokenArrays | undefined, hits: CandidateHit[]): void {
  for (const m of text.matchAll(QUOTED)) {
    const inner = m[1];
    if (/[，。！？；：,.!?;:、\s]/.test(inner)) continue;
    if (!/[\u4e00-\u9fff]/.test(inner) || inner.length < 2) continue;
    const start = m.index! + 1;
    const at = tokens ? sortedIndex(tokens.starts, start) : -1;
    const oneToken = at >= 0 && tokens!.ends[at] === start + inner.length;
    if (!isGenericCandidate(inner, 'quoted', oneToken)) hits.push({ form: inner, reason: 'quoted', start });
  }
}

function lists(text: string, tokens: TokenArrays | undefined, hits: CandidateHit[]): void {
  // Trimmed list items must start and end on word boundaries, or 人民战争 yields 民战争.
  // Token offsets ascend: binary search, not a Set of every token (hundreds of thousands per file).
  const starts = tokens?.starts;
  const ends = tokens?.ends;
  for (const m of listMatches(text)) {
    const items = m[0].split('、');
    const lengths = items.slice(1, -1).map((s) => s.length);
    // Parallel phrases share a length; the first and last items may have swallowed their neighbours.
    const mode = mostCommon(lengths);
    if (mode !== 4) continue; // four-character phrases: the slogan form; shorter lists are mostly names
    if (lengths.some((l) => l !== mode)) continue;
    let offset = m.index!;
    items.forEach((item, i) => {
      let form = item;
      let start = offset;
      if (i === 0 && item.length > mode) {
        form = item.slice(item.length - mode);
        start = offset + item.length - mode;
      } else if (i === items.length - 1 && item.length > mode) {
        form = item.slice(0, mode);
      }
      const aligned = !starts || !ends || (sortedHas(starts, start) && sortedHas(ends, start + form.length));
      if (form.length === mode && aligned && !isGenericCandidate(form, 'parallel-list')) hits.push({ form, reason: 'parallel-list', start });
      offset += item.length + 1;
    });
  }
}

/**
 * The matches `text.matchAll(LIST)` would give, found from the 、 out: a list starts 2 to 8 Han
 * characters before its first 、, so only those starts are tried. A scan from every character was
 * the slowest part of a segmentation worker's candidate search (Chinese text is mostly Han).
 */
export function* listMatches(text: string): Generator<RegExpExecArray> {
  let from = 0;
  for (;;) {
    const comma = text.indexOf('、', from);
    if (comma < 0) return;
    let next = comma + 1;
    // Leftmost start first, as a global search would: none before `comma - 8`, none after `comma - 2`.
    for (let s = Math.max(from, comma - LIST_ITEM_MAX); s <= comma - 2; s++) {
      LIST_AT.lastIndex = s;
      const m = LIST_AT.exec(text);
      if (m) {
        next = LIST_AT.lastIndex;
        yield m;
        break;
      }
    }
    from = next;
  }
}

function sortedHas(values: Uint32Array, v: number): boolean {
  return sortedIndex(values, v) >= 0;
}

/** Where `v` is in ascending `values`, or -1. */
function sortedIndex(values: Uint32Array, v: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < v) lo = mid + 1;
    else if (values[mid] > v) hi = mid - 1;
    else return mid;
  }
  return -1;
}

function mostCommon(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  let best: number | undefined;
  let bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}
