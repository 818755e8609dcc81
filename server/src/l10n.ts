// The server's words in English and Chinese: hover labels, lens titles, progress, problems, the
// CLI's notes. One table per language with the same keys; `{0}`, `{1}` … are the arguments.
// The client's language comes with `initialize` (`locale`, sent by VS Code and by other LSP
// clients); the CLI's from LC_ALL / LC_MESSAGES / LANG or `--lang`.

import type { Meeting, MeetingDate } from './core/model';
import { formatMeetingDate } from './core/dates';

export type Language = 'en' | 'zh';

/** `zh`, `zh-cn`, `zh-TW`, `zh_CN.UTF-8` … → Chinese; anything else (or nothing) → English. */
export function languageOf(locale: string | undefined | null): Language {
  return /^zh(?:[-_.@]|$)/i.test(locale ?? '') ? 'zh' : 'en';
}

/**
 * The language of a command line, as POSIX orders the variables: LC_ALL overrides everything, then
 * LC_MESSAGES (the category that governs messages), then LANG. An empty variable counts as unset.
 */
export function languageFromEnv(env: Record<string, string | undefined>): Language {
  return languageOf(env.LC_ALL || env.LC_MESSAGES || env.LANG);
}

const en = {
  // ---- hover
  'hover.word': 'word',
  'hover.parts': '{0} parts: {1}',
  'hover.introduced': 'Introduced: {0}',
  'hover.aliases': 'Also written: {0}',
  'hover.partOf': 'Part of: {0}',
  'hover.see': 'See: {0}',
  'hover.partHeader': 'part of {0}',
  'hover.undefinedTerm': '*undefined term* (found as {0})',
  'hover.addToGlossary': 'Add to glossary',
  'hover.mentions.one.one': '**{0}** mention in **{1}** of {2} meeting',
  'hover.mentions.one.many': '**{0}** mention in **{1}** of {2} meetings',
  'hover.mentions.many.one': '**{0}** mentions in **{1}** of {2} meeting',
  'hover.mentions.many.many': '**{0}** mentions in **{1}** of {2} meetings',
  'hover.first': 'First: {0}',
  'hover.last': 'Last: {0}',
  'hover.peak': 'Most used: {0} ({1} mentions)',
  'hover.with': 'Often with: {0}',
  'hover.byMonth': '(by month)',
  'hover.byYear': '(by year)',
  'hover.byYears': '(by {0} years)',
  'hover.change': 'Changed {0}: {1}',
  'hover.source': 'Source: {0}',
  'hover.indexing': '*Counts of mentions come once the corpus is indexed.*',
  'hover.concordance': 'Concordance',
  'hover.trend': 'Trend',
  'meeting.undated': 'undated',
  'meeting.untitled': '(untitled)',
  // ---- glossary categories, meeting kinds and candidate reasons as shown (English: the id's words)
  'category.numbered-formula': 'numbered formula',
  'category.slogan': 'slogan',
  'category.body': 'body',
  'category.mechanism': 'mechanism',
  'category.policy': 'policy',
  'category.campaign': 'campaign',
  'category.document': 'document',
  'category.law': 'law',
  'category.place-group': 'place group',
  'category.concept': 'concept',
  'category.event': 'event',
  'category.public-health': 'public health',
  'reason.numbered-formula': 'numbered formula',
  'reason.quoted': 'quoted',
  'reason.parallel-list': 'parallel list',
  'kind.standing-committee': 'standing-committee',
  'kind.politburo': 'politburo',
  'kind.commission': 'commission',
  'kind.inspection': 'inspection',
  'kind.speech': 'speech',
  'kind.symposium': 'symposium',
  'kind.conference': 'conference',
  'kind.report': 'report',
  'kind.document': 'document',
  'kind.communique': 'communiqué',
  'kind.letter': 'letter',
  'kind.commentary': 'commentary',
  'kind.profile': 'profile',
  'kind.news': 'news',
  'date.label': 'date: {0}',
  'date.stated': 'stated',
  'date.yearFrom': 'year from {0}',
  'date.yearInferred': 'year inferred',
  'date.monthFrom': 'month from {0}',
  'date.monthInferred': 'month and year inferred',
  'date.inferred': 'inferred from neighbouring documents',
  'date.fileName': 'file name',
  'date.frontMatter': 'front matter',
  'date.metadata': 'dataset field',
  'date.none': 'none found',
  'date.basis.fileName': 'the file name',
  'date.basis.frontMatter': 'the front matter',
  'kind.other': 'other',
  // ---- outline, code actions, CodeLens
  'symbols.label': 'Meetings',
  'action.addToGlossary': 'Add 「{0}」 to the glossary',
  'action.openEntry': 'Open the new glossary entry',
  'lens.distinctive': 'Distinctive: {0}',
  'lens.nothing': 'Distinctive: nothing stands out',
  'lens.compare': 'Compared with {0} {1}: {2} new · {3} dropped',
  'lens.compareFirst': 'Nothing earlier to compare with',
  // ---- progress
  'progress.title': 'Indexing corpus',
  'progress.findingFiles': 'finding files',
  'progress.indexing': 'Indexing corpus {0}/{1}',
  'progress.segmenting': 'Segmenting {0}/{1}',
  'progress.structureReady': 'Structure and mentions ready: {0} files; segmenting {1}/{2}',
  'progress.candidates': 'Matching candidate terms',
  // ---- problems. The English text is the message as the decoder, reader, file reader, service or
  // glossary parser writes it: `localizeProblem` recognizes it by this shape and gives the Chinese.
  // A more specific shape comes before a general one (the first that matches wins).
  'problem.decode': 'could not decode the file: {0}',
  'problem.binaryNul': 'not a text file: it contains a NUL byte at byte {0}',
  'problem.binaryControls': 'not a text file: {0} control bytes in the first {1} bytes',
  'problem.binary': 'not a text file: {0}',
  'problem.gb18030': 'the file is not UTF-8; it was read as GB18030',
  'problem.invalidUtf8': 'invalid UTF-8 bytes at byte {0}, shown as \ufffd',
  'problem.oddBytes': 'the {0} file has an odd number of bytes; the last byte was dropped',
  'problem.surrogate': 'unpaired UTF-16 surrogate at byte {0}, shown as \ufffd',
  'problem.empty': 'empty file: no text to read',
  'problem.noTitle': 'no title on the first line: the text before the first title is read as one untitled document',
  'problem.controlChars': 'the text contains NUL or control characters; it may be a binary file',
  'problem.readerFailed': 'the reader failed on this file ({0}); it is shown as one untitled document',
  'problem.tooLarge': 'Not indexed: the file is {0} MB, over the limit of {1} MB (setting corpusStudy.maxFileSizeMB).',
  'problem.unreadable': 'Could not read this file: {0}.',
  'problem.unsegmentable': 'Words not indexed: the word segmenter failed on this file ({0}). Terms, meetings and sections are indexed.',
  'problem.yamlSyntax': 'YAML syntax error: {0}',
  'problem.notMapping': 'A glossary is a mapping with a `terms:` list.',
  'problem.noTerms': 'No `terms:` list in this glossary.',
  'problem.termsNotList': '`terms:` must be a list of entries.',
  'problem.glossaryUnreadable': 'The glossary could not be read: {0}',
  'problem.entryNotMapping': 'Each entry is a mapping that starts with `term:`.',
  'problem.unknownKey': 'Unknown key `{0}` (known: {1}).',
  'problem.noTerm': 'Entry has an empty or missing `term`.',
  'problem.oneCharacter': 'Term 「{0}」 has one character; terms need at least two.',
  'problem.noDefinition': '「{0}」 has no definition: give `zh:` and `en:`.',
  'problem.noZh': '「{0}」 has no Chinese definition (`zh:`).',
  'problem.noEn': '「{0}」 has no English definition (`en:`).',
  'problem.noGloss': '「{0}」 has no English gloss (`gloss:`).',
  'problem.noCategory': '「{0}」 has no `category`; treated as concept.',
  'problem.unknownCategory': 'Unknown category `{0}` (one of: {1}).',
  'problem.shortAlias': 'Alias 「{0}」 of 「{1}」 is too short; aliases need at least two characters.',
  'problem.shortPart': 'Part 「{0}」 of 「{1}」 is too short.',
  'problem.definedTwice': '「{0}」 is defined twice; this entry is ignored.',
  'problem.termIsAlias': '「{0}」 is already an alias of 「{1}」; this entry is ignored.',
  'problem.aliasIsTerm': 'Alias 「{0}」 of 「{1}」 is itself a term; an alias may belong to one entry only.',
  'problem.aliasTaken': 'Alias 「{0}」 of 「{1}」 is already an alias of 「{2}」; an alias may belong to one entry only.',
  'problem.seeUnknown': '`see` names 「{0}」, which is not in this glossary.',
  // ---- the command line's notes (its help is in cliHelp.ts)
  'severity.error': 'error',
  'severity.warning': 'warning',
  'severity.info': 'info',
  'cli.glossaryUnreadable': 'warning: cannot read glossary {0}',
  'cli.glossarySyntax': 'warning: glossary {0} has a syntax error; skipped',
  'cli.noSuchPath': 'No such file or folder: {0}',
  'cli.noTxt': 'No .txt files or datasets in {0}',
  'cli.facetSyntax': "--facet needs NAME=VALUE, not '{0}'",
  'cli.maxRange': '--max must be a number ≥ 0',
  'cli.candidatesOf': '{0} of {1} candidate forms',
  'cli.importNeedsOut': 'import needs --out DIR.',
  'cli.noSuchFile': 'No such file: {0}',
  'cli.notDataset': 'Not a dataset (CSV, TSV, JSONL or JSON): {0}',
  'cli.notWritten': 'not written: {0}: {1}',
  'cli.fileExists': 'the file exists',
  'cli.importSummary': '{0} of {1} records written to {2}',
  'cli.unknownCommand': "Unknown command '{0}'. Run 'corpus-study --help'.",
  'cli.missingArguments': 'Missing arguments.',
  'cli.needsValue': '--{0} needs a value',
  'cli.needsNumber': "--{0} needs a number, not '{1}'",
  'cli.mustBe': '--{0} must be {1}',
  'cli.or': ' or ',
  'cli.meetingRange': "--meeting must be 1…{0} (see 'corpus-study outline')",
  'cli.badLang': "--lang must be en or zh, not '{0}'",
  'cli.statsSummary': '{0} terms × {1} meetings (counts per meeting in date order)',
  'cli.kwicHits.one': '{0} hit of {1}',
  'cli.kwicHits.many': '{0} hits of {1}',
  'cli.theTerm': 'the term {0}',
  'cli.collocatesSummary': '{0} hits of {1}, window ±{2} words',
  'cli.distinctiveSummary': '{0} {1}: {2} words against {3}',
  'cli.compareAgainst': 'against {0}',
  'cli.compareNothing': 'nothing earlier to compare with',
  'cli.compare.new': 'New ({0}; * first in the corpus):',
  'cli.compare.dropped': 'Dropped ({0}):',
  'cli.compare.kept': 'Kept ({0}), here/before:',
  'formulation.term': 'term',
  'formulation.candidate': 'candidate',
  'formulation.phrase': 'phrase',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  'hover.word': '词语',
  'hover.parts': '共 {0} 项：{1}',
  'hover.introduced': '提出：{0}',
  'hover.aliases': '又作：{0}',
  'hover.partOf': '所属提法：{0}',
  'hover.see': '参见：{0}',
  'hover.partHeader': '{0} 的组成部分',
  'hover.undefinedTerm': '*未收录术语*（识别依据：{0}）',
  'hover.addToGlossary': '添加到术语表',
  'hover.mentions.one.one': '出现 **{0}** 次，见于 **{1}**/{2} 次会议',
  'hover.mentions.one.many': '出现 **{0}** 次，见于 **{1}**/{2} 次会议',
  'hover.mentions.many.one': '出现 **{0}** 次，见于 **{1}**/{2} 次会议',
  'hover.mentions.many.many': '出现 **{0}** 次，见于 **{1}**/{2} 次会议',
  'hover.last': '最近出现：{0}',
  'hover.peak': '使用最多：{0}（{1} 次）',
  'hover.with': '常与之同现：{0}',
  'hover.byMonth': '（按月）',
  'hover.byYear': '（按年）',
  'hover.byYears': '（每格 {0} 年）',
  'hover.change': '{0} 变化：{1}',
  'hover.source': '出处：{0}',
  'hover.first': '首次出现：{0}',
  'hover.indexing': '*语料库索引建立后显示出现次数。*',
  'hover.concordance': '语境共现',
  'hover.trend': '历时趋势',
  'meeting.undated': '日期不详',
  'meeting.untitled': '（无标题）',
  'category.numbered-formula': '数字概括提法',
  'category.slogan': '口号',
  'category.body': '机构',
  'category.mechanism': '机制',
  'category.policy': '政策',
  'category.campaign': '专项行动',
  'category.document': '文件',
  'category.law': '法律法规',
  'category.place-group': '地区并称',
  'category.concept': '概念',
  'category.event': '事件',
  'category.public-health': '公共卫生',
  'reason.numbered-formula': '数字概括',
  'reason.quoted': '引号内短语',
  'reason.parallel-list': '并列结构',
  'kind.standing-committee': '政治局常委会会议',
  'kind.politburo': '政治局会议',
  'kind.commission': '委员会会议',
  'kind.inspection': '考察调研',
  'kind.speech': '讲话',
  'kind.symposium': '座谈会',
  'kind.conference': '工作会议',
  'kind.report': '报告',
  'kind.document': '文件',
  'kind.communique': '公报',
  'kind.letter': '信函',
  'kind.commentary': '评论',
  'kind.profile': '人物',
  'kind.news': '新闻',
  'date.label': '日期：{0}',
  'date.stated': '文中写明',
  'date.yearFrom': '年份取自{0}',
  'date.yearInferred': '年份系推断',
  'date.monthFrom': '年月取自{0}',
  'date.monthInferred': '年月系推断',
  'date.inferred': '据相邻文献推断',
  'date.fileName': '文件名',
  'date.frontMatter': '前置元数据',
  'date.metadata': '数据集字段',
  'date.none': '未找到',
  'date.basis.fileName': '文件名',
  'date.basis.frontMatter': '前置元数据',
  'kind.other': '其他',
  'symbols.label': '会议',
  'action.addToGlossary': '将「{0}」添加到术语表',
  'action.openEntry': '打开新的术语表条目',
  'lens.distinctive': '特征词：{0}',
  'lens.nothing': '特征词：无突出项',
  'lens.compare': '对比 {0} {1}：新增 {2} · 删去 {3}',
  'lens.compareFirst': '此前无可对比的文献',
  'progress.title': '建立语料库索引',
  'progress.findingFiles': '正在查找文件',
  'progress.indexing': '正在建立索引 {0}/{1}',
  'progress.segmenting': '正在分词 {0}/{1}',
  'progress.structureReady': '结构与术语出现已就绪：{0} 个文件；正在分词 {1}/{2}',
  'progress.candidates': '正在匹配候选术语',
  'problem.decode': '无法解码此文件：{0}',
  'problem.binaryNul': '不是文本文件：第 {0} 字节为 NUL 字节',
  'problem.binaryControls': '不是文本文件：前 {1} 个字节中有 {0} 个控制字节',
  'problem.binary': '不是文本文件：{0}',
  'problem.gb18030': '此文件不是 UTF-8 编码，已按 GB18030 读取',
  'problem.invalidUtf8': '第 {0} 字节处有无效的 UTF-8 字节，显示为 \ufffd',
  'problem.oddBytes': '此 {0} 文件的字节数为奇数，已舍弃最后一个字节',
  'problem.surrogate': '第 {0} 字节处有未配对的 UTF-16 代理项，显示为 \ufffd',
  'problem.empty': '空文件：没有可读的文本',
  'problem.noTitle': '首行不是标题：第一个标题之前的文本按一篇无标题文档读取',
  'problem.controlChars': '文本含有 NUL 或控制字符，可能是二进制文件',
  'problem.readerFailed': '读取此文件时出错（{0}），按一篇无标题文档显示',
  'problem.tooLarge': '未建立索引：文件大小为 {0} MB，超过上限 {1} MB（设置项 corpusStudy.maxFileSizeMB）。',
  'problem.unreadable': '无法读取此文件：{0}。',
  'problem.unsegmentable': '词语未建立索引：分词器处理此文件时出错（{0}）。术语、会议和章节已建立索引。',
  'problem.yamlSyntax': 'YAML 语法错误：{0}',
  'problem.notMapping': '术语表应为含有 `terms:` 列表的映射。',
  'problem.noTerms': '此术语表中没有 `terms:` 列表。',
  'problem.termsNotList': '`terms:` 必须是条目列表。',
  'problem.glossaryUnreadable': '无法读取术语表：{0}',
  'problem.entryNotMapping': '每个条目应为以 `term:` 开头的映射。',
  'problem.unknownKey': '未知的键 `{0}`（可用的键：{1}）。',
  'problem.noTerm': '条目的 `term` 为空或缺失。',
  'problem.oneCharacter': '术语「{0}」只有一个字；术语至少需要两个字。',
  'problem.noDefinition': '「{0}」没有释义：请填写 `zh:` 和 `en:`。',
  'problem.noZh': '「{0}」缺少中文释义（`zh:`）。',
  'problem.noEn': '「{0}」缺少英文释义（`en:`）。',
  'problem.noGloss': '「{0}」缺少英文译名（`gloss:`）。',
  'problem.noCategory': '「{0}」没有 `category`，按 concept（概念）处理。',
  'problem.unknownCategory': '未知的类别 `{0}`（可选：{1}）。',
  'problem.shortAlias': '「{1}」的别名「{0}」太短；别名至少需要两个字。',
  'problem.shortPart': '「{1}」的组成部分「{0}」太短。',
  'problem.definedTwice': '「{0}」重复定义，此条目被忽略。',
  'problem.termIsAlias': '「{0}」已是「{1}」的别名，此条目被忽略。',
  'problem.aliasIsTerm': '「{1}」的别名「{0}」本身是一个术语；一个别名只能属于一个条目。',
  'problem.aliasTaken': '「{1}」的别名「{0}」已是「{2}」的别名；一个别名只能属于一个条目。',
  'problem.seeUnknown': '`see` 引用的「{0}」不在此术语表中。',
  'severity.error': '错误',
  'severity.warning': '警告',
  'severity.info': '提示',
  'cli.glossaryUnreadable': '警告：无法读取术语表 {0}',
  'cli.glossarySyntax': '警告：术语表 {0} 有语法错误，已跳过',
  'cli.noSuchPath': '文件或文件夹不存在：{0}',
  'cli.noTxt': '{0} 中没有 .txt 文件或数据集',
  'cli.facetSyntax': "--facet 应为 名称=值，而不是 '{0}'",
  'cli.maxRange': '--max 应为不小于 0 的数',
  'cli.candidatesOf': '候选形式共 {1} 个，列出 {0} 个',
  'cli.importNeedsOut': 'import 需要 --out 目录。',
  'cli.noSuchFile': '没有此文件：{0}',
  'cli.notDataset': '不是数据集（CSV、TSV、JSONL 或 JSON）：{0}',
  'cli.notWritten': '未写入：{0}：{1}',
  'cli.fileExists': '文件已存在',
  'cli.importSummary': '{1} 条记录中的 {0} 条已写入 {2}',
  'cli.unknownCommand': "未知命令 '{0}'。运行 'corpus-study --help' 查看用法。",
  'cli.missingArguments': '缺少参数。',
  'cli.needsValue': '--{0} 需要一个值',
  'cli.needsNumber': "--{0} 需要一个数字，而不是 '{1}'",
  'cli.mustBe': '--{0} 只能是 {1}',
  'cli.or': ' 或 ',
  'cli.meetingRange': "--meeting 应为 1…{0}（见 'corpus-study outline'）",
  'cli.badLang': "--lang 只能是 en 或 zh，而不是 '{0}'",
  'cli.statsSummary': '{0} 个术语 × {1} 次会议（各会议按日期排列的出现次数）',
  'cli.kwicHits.one': '{1} 共 {0} 处',
  'cli.kwicHits.many': '{1} 共 {0} 处',
  'cli.theTerm': '术语 {0}',
  'cli.collocatesSummary': '{1} 共 {0} 处，窗口 ±{2} 词',
  'cli.distinctiveSummary': '{0} {1}：本次会议 {2} 词，其余语料 {3} 词',
  'cli.compareAgainst': '对比 {0}',
  'cli.compareNothing': '此前无可对比的文献',
  'cli.compare.new': '新增（{0}；* 为语料中首次出现）：',
  'cli.compare.dropped': '删去（{0}）：',
  'cli.compare.kept': '保留（{0}），本篇/此前：',
  'formulation.term': '术语',
  'formulation.candidate': '候选术语',
  'formulation.phrase': '短语',
};

const TABLES: Record<Language, Record<MessageKey, string>> = { en, zh };

/** The keys of each language's table, for the tests that keep them in step. */
export const MESSAGE_TABLES: Readonly<Record<Language, Readonly<Record<string, string>>>> = TABLES;

function format(template: string, args: readonly unknown[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}

/** A message in `lang`. */
export function translate(lang: Language, key: MessageKey, ...args: unknown[]): string {
  return format(TABLES[lang][key], args);
}

export type Translator = (key: MessageKey, ...args: unknown[]) => string;

export function translator(lang: Language): Translator {
  return (key, ...args) => translate(lang, key, ...args);
}

/** A label from an id (category, kind, reason); an id the table does not know shows as its words. */
export function labelOf(lang: Language, prefix: 'category' | 'kind' | 'reason' | 'formulation', id: string): string {
  const key = `${prefix}.${id}` as MessageKey;
  return key in en ? translate(lang, key) : id.replace(/-/g, ' ');
}

// The server speaks one client's language: set once from `initialize`. Feature modules are given
// the language as an argument (so tests ask for either); `t` is for the service's progress
// messages, whose lines stay one call each.
let serverLanguage: Language = 'en';

export function setServerLanguage(lang: Language): void {
  serverLanguage = lang;
}

export const t: Translator = (key, ...args) => translate(serverLanguage, key, ...args);

// ---- problems ----------------------------------------------------------------------------------

/** Each `problem.*` English text as a pattern whose groups are its arguments, in table order. */
const PROBLEM_PATTERNS: { key: MessageKey; pattern: RegExp; order: number[] }[] = (Object.keys(en) as MessageKey[])
  .filter((k) => k.startsWith('problem.'))
  .map((key) => {
    const order: number[] = [];
    const source = en[key]
      .split(/(\{\d+\})/)
      .map((part) => {
        const arg = /^\{(\d+)\}$/.exec(part);
        if (!arg) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        order.push(Number(arg[1]));
        return '(.+?)';
      })
      .join('');
    return { key, pattern: new RegExp(`^${source}$`, 's'), order };
  });

/**
 * A problem message in `lang`. The core writes problems in English with their facts inside; this
 * edge recognizes the known ones by shape and gives them in Chinese. A message it does not know
 * (a new one, one from a library) stays as it is.
 */
export function localizeProblem(lang: Language, message: string): string {
  if (lang === 'en') return message;
  for (const { key, pattern, order } of PROBLEM_PATTERNS) {
    const m = pattern.exec(message);
    if (!m) continue;
    const args: string[] = [];
    order.forEach((argIndex, group) => (args[argIndex] = m[group + 1]));
    return translate(lang, key, ...args);
  }
  return message;
}

/** A meeting's date as shown (a range, a year alone), or `undated`, in the language. */
export function meetingDateText(lang: Language, date: MeetingDate): string {
  return date.iso ? formatMeetingDate(date) : translate(lang, 'meeting.undated');
}

/** Where a meeting's date came from, in a few words of the language: `stated`, `month from the file name`. */
export function dateSourceText(lang: Language, m: Meeting): string {
  const basis = m.anchor ? translate(lang, m.anchor.source === 'file-name' ? 'date.basis.fileName' : 'date.basis.frontMatter') : undefined;
  switch (m.date.source) {
    case 'stated':
      return translate(lang, 'date.stated');
    case 'inferred-year':
      return basis ? translate(lang, 'date.yearFrom', basis) : translate(lang, 'date.yearInferred');
    case 'inferred-month':
      return basis ? translate(lang, 'date.monthFrom', basis) : translate(lang, 'date.monthInferred');
    case 'inferred':
      return translate(lang, 'date.inferred');
    case 'file-name':
      return translate(lang, 'date.fileName');
    case 'front-matter':
      return translate(lang, 'date.frontMatter');
    case 'metadata':
      return translate(lang, 'date.metadata');
    default:
      return translate(lang, 'date.none');
  }
}
