// The command line's help, in English and in Chinese (the same commands, the same options).

import type { Language } from './l10n';
import { DEFAULT_MAX_CANDIDATES } from './core/candidateRanking';

export const COMMANDS = ['outline', 'stats', 'kwic', 'collocates', 'distinctive', 'compare', 'candidates', 'import'] as const;
export type HelpTopic = 'main' | (typeof COMMANDS)[number];

export const HELP: Record<Language, Record<HelpTopic, string>> = {
  en: {
    main: `corpus-study: study a corpus of Chinese meeting texts from the command line

Usage: corpus-study <command> [options]

Commands:
  outline <dir>                meetings by date with their sections
  stats <dir>                  term × meeting frequency table (--csv for a spreadsheet)
  kwic <query> <dir>           concordance (keyword in context)
  collocates <term> <dir>      words within ±N words of a term, with MI, G² and logDice
  distinctive <dir>            the most over-represented words and terms of each meeting
  compare <dir> --meeting N    what is new, dropped and kept in meeting N against the last one of its kind
  candidates <dir>             candidate terms not yet in the glossary
  import <file> --out <dir>    a dataset (CSV, JSONL, JSON) as one .txt file per record

<dir> is a folder of .txt files and datasets (CSV, TSV, JSONL, JSON: one document per record),
searched recursively, or one such file. The bundled glossary is always loaded; any glossary.yaml
under <dir> and every --glossary FILE are added on top.
Run 'corpus-study <command> --help' for the options of a command.

Language: messages follow LC_ALL, LC_MESSAGES or LANG (zh_CN.UTF-8: Chinese); --lang en|zh
overrides them. CSV and JSON output keep their English column names in either language.`,
    outline: `Usage: corpus-study outline <dir> [--json]

Lists the meetings in date order, numbered from 1 (the numbers 'distinctive --meeting' takes),
with date, kind and title, and their sections indented below.
  --json        print the outline as JSON`,
    stats: `Usage: corpus-study stats <dir> [--csv] [--long] [--terms A,B,…] [--candidates] [filters]

Counts the mentions of every glossary term (all its forms) in every meeting.
  --csv             CSV, one row per term and one column per meeting (UTF-8 with BOM)
  --long            CSV, one row per term and meeting (term, …, date, title, count, chars, per10k)
  --terms A,B       only these terms or strings, in this order
  --candidates      add the candidate terms
Filters: --kind K[,K…]  --from YYYY-MM-DD  --to YYYY-MM-DD  --facet NAME=V[,V…] (repeatable)`,
    kwic: `Usage: corpus-study kwic <query> <dir> [--csv] [--width N] [--sort date|left|right] [filters]

Every occurrence of a glossary term (all its forms) or of any string, with its context.
  --csv             CSV (UTF-8 with BOM): date, title, meeting_kind, uri, meeting_index, line, character, left, hit, right, left_word, right_word
  --width N         characters of context on each side (default 30)
  --sort S          date (default), left or right (by the segmented word next to the hit)
  --match M         auto (default: a term if the query is one), string, word
  --limit N         at most N rows
Filters: --kind K[,K…]  --from YYYY-MM-DD  --to YYYY-MM-DD  --facet NAME=V[,V…] (repeatable)`,
    collocates: `Usage: corpus-study collocates <term> <dir> [--window N] [--sort S] [--min N] [--limit N] [--csv]

Words within ±N segmented words of each hit, with frequency, MI, G² (log-likelihood) and logDice.
  --window N        words on each side (default 5)
  --sort S          g2 (default), mi, logDice or freq
  --min N           least co-occurrence count (default 2)
  --limit N         rows (default 30; 0 for all)
  --stopwords       keep stopwords and one-character words
  --csv             CSV (UTF-8 with BOM)
Filters: --kind K[,K…]  --from YYYY-MM-DD  --to YYYY-MM-DD  --facet NAME=V[,V…] (repeatable)`,
    distinctive: `Usage: corpus-study distinctive <dir> [--meeting N] [--limit N] [--min N] [--sort g2|logRatio] [--csv]

For each meeting (or only meeting N, numbered as in 'outline'), the words and glossary terms most
over-represented in it against the rest of the corpus: G² (significance) and log ratio (effect size).
  --meeting N       one meeting, numbered from 1 in date order
  --limit N         rows per meeting (default 10; 50 with --meeting)
  --min N           least count in the meeting (default 3)
  --sort S          g2 (default) or logRatio
  --csv             CSV (UTF-8 with BOM)
Filters (of the rest of the corpus each meeting is compared with): --kind K[,K…]  --from YYYY-MM-DD
  --to YYYY-MM-DD  --facet NAME=V[,V…] (repeatable)`,
    compare: `Usage: corpus-study compare <dir> --meeting N [--against M] [--csv]

The formulations of meeting N (numbered from 1 in date order, as in 'outline') against the latest
earlier document of the same kind (or, failing that, the latest earlier one), or against meeting M:
new, dropped and kept glossary terms, candidate terms and recurring phrases (runs of 2-8 words
inside one clause found in at least two documents). '*' marks what no earlier document has.
  --meeting N       the document, numbered from 1 in date order
  --against M       compare with this one instead
  --csv             CSV (UTF-8 with BOM): rank, text, status, kind, count, against_count, first_in_corpus`,
    candidates: `Usage: corpus-study candidates <dir> [--max N] [--csv]

Candidate policy terms found from the shape of the text (numbered formulas, quoted phrases,
parallel lists) that the glossary does not define, the most term-like first: spread over
meetings and months (periods), numbered formulas and quoted phrases ahead of list items. count:
the places the shapes found it; meetings, periods: where those are.
  --max N           list the top N (default ${DEFAULT_MAX_CANDIDATES}, as the setting corpusStudy.maxCandidates)
  --csv             CSV (UTF-8 with BOM)`,
    import: `Usage: corpus-study import <file> --out <dir> [--text F] [--title F] [--date F] [--year F]

Writes each record of a dataset (CSV, TSV, JSONL, JSON array of records) as a .txt file in <dir>
(made if missing): a YAML front matter block (title, date or year, the other fields), then the
record's text. Names come from the date and title. An existing file is never overwritten: a name
already taken gets -2, -3… Problems (records skipped) go to stderr.
  --text/--title/--date/--year F   the record field to read it from (default: guessed from
                                   text, content, 正文 / title, 标题 / date, 日期 / year, 年份)`,
  },
  zh: {
    main: `corpus-study：在命令行中研读中文会议文本语料

用法：corpus-study <命令> [选项]

命令：
  outline <目录>               按日期列出会议及其章节
  stats <目录>                 术语 × 会议词频表（加 --csv 输出电子表格）
  kwic <检索词> <目录>         语境共现（关键词居中索引）
  collocates <术语> <目录>     术语前后 ±N 词内的搭配词，附 MI、G² 和 logDice
  distinctive <目录>           各次会议中相对其余语料最突出的词语和术语（关键性）
  compare <目录> --meeting N   第 N 篇相对同类上一篇新增、删去和保留的提法
  candidates <目录>            术语表尚未收录的候选术语
  import <文件> --out <目录>   把数据集（CSV、JSONL、JSON）的每条记录写成一个 .txt 文件

<目录> 是含 .txt 文件和数据集（CSV、TSV、JSONL、JSON：每条记录一篇文献）的文件夹（递归查找），
或单个此类文件。内置术语表总会加载；<目录> 下的 glossary.yaml 以及每个 --glossary 文件依次叠加在其上。
运行 'corpus-study <命令> --help' 查看某一命令的选项。

语言：提示信息跟随 LC_ALL、LC_MESSAGES 或 LANG（zh_CN.UTF-8 为中文）；--lang en|zh 优先于它们。
CSV 和 JSON 输出在两种语言下都保留英文列名。`,
    outline: `用法：corpus-study outline <目录> [--json]

按日期顺序列出会议，从 1 开始编号（即 'distinctive --meeting' 使用的编号），
给出日期、会议类型和标题，其下缩进列出章节。
  --json        以 JSON 输出大纲`,
    stats: `用法：corpus-study stats <目录> [--csv] [--long] [--terms A,B,…] [--candidates] [筛选条件]

统计每个术语表术语（含其全部形式）在每次会议中的出现次数（词频）。
  --csv             CSV，每个术语一行、每次会议一列（UTF-8，带 BOM）
  --long            CSV，每个术语与会议的组合一行（term, …, date, title, count, chars, per10k）
  --terms A,B       只统计这些术语或字符串，按此顺序
  --candidates      加入候选术语
筛选条件：--kind 类型[,类型…]  --from YYYY-MM-DD  --to YYYY-MM-DD  --facet 名称=值[,值…]（可重复）`,
    kwic: `用法：corpus-study kwic <检索词> <目录> [--csv] [--width N] [--sort date|left|right] [筛选条件]

术语表术语（含其全部形式）或任意字符串的每一处出现，附上下文（语境共现）。
  --csv             CSV（UTF-8，带 BOM）：date, title, meeting_kind, uri, meeting_index, line, character, left, hit, right, left_word, right_word
  --width N         每侧上下文的字数（默认 30）
  --sort S          date（默认）、left 或 right（按检索词左侧或右侧的分词结果排序）
  --match M         auto（默认：检索词是术语时按术语检索）、string、word
  --limit N         最多 N 行
筛选条件：--kind 类型[,类型…]  --from YYYY-MM-DD  --to YYYY-MM-DD  --facet 名称=值[,值…]（可重复）`,
    collocates: `用法：corpus-study collocates <术语> <目录> [--window N] [--sort S] [--min N] [--limit N] [--csv]

每处出现前后 ±N 个分词单位内的搭配词，附共现频次、MI、G²（对数似然比）和 logDice。
  --window N        每侧词数（默认 5）
  --sort S          g2（默认）、mi、logDice 或 freq
  --min N           最低共现次数（默认 2）
  --limit N         行数（默认 30；0 表示全部）
  --stopwords       保留停用词和单字词
  --csv             CSV（UTF-8，带 BOM）
筛选条件：--kind 类型[,类型…]  --from YYYY-MM-DD  --to YYYY-MM-DD  --facet 名称=值[,值…]（可重复）`,
    distinctive: `用法：corpus-study distinctive <目录> [--meeting N] [--limit N] [--min N] [--sort g2|logRatio] [--csv]

对每次会议（或只对第 N 次会议，编号同 'outline'），列出相对其余语料最突出的词语和术语表术语
（关键性）：G²（显著性）和 log ratio（效应量）。
  --meeting N       单次会议，按日期顺序从 1 编号
  --limit N         每次会议的行数（默认 10；与 --meeting 连用时为 50）
  --min N           在该会议中的最低出现次数（默认 3）
  --sort S          g2（默认）或 logRatio
  --csv             CSV（UTF-8，带 BOM）
筛选条件（限定每次会议所对比的其余语料）：--kind 类型[,类型…]  --from YYYY-MM-DD
  --to YYYY-MM-DD  --facet 名称=值[,值…]（可重复）`,
    compare: `用法：corpus-study compare <目录> --meeting N [--against M] [--csv]

第 N 篇（按日期顺序从 1 编号，同 'outline'）相对同类上一篇（若无，则相对上一篇）或第 M 篇的提法变化：
新增、删去和保留的术语表术语、候选术语和复现短语（同一分句内 2–8 个词、至少见于两篇文献）。
'*' 表示此前的文献均未出现。
  --meeting N       要对比的文献，按日期顺序从 1 编号
  --against M       改与这一篇对比
  --csv             CSV（UTF-8，带 BOM）：rank, text, status, kind, count, against_count, first_in_corpus`,
    candidates: `用法：corpus-study candidates <目录> [--max N] [--csv]

根据文本形态（数字概括提法、引号内短语、并列结构）发现、而术语表尚未收录的候选政策术语，
最像术语的排在前面：看其在会议和月份（时期）中的分布，数字概括提法和引号内短语先于并列项。
count：形态识别到的次数；meetings、periods：这些出现所在的会议数和时期数。
  --max N           列出前 N 个（默认 ${DEFAULT_MAX_CANDIDATES}，同设置 corpusStudy.maxCandidates）
  --csv             CSV（UTF-8，带 BOM）`,
    import: `用法：corpus-study import <文件> --out <目录> [--text 字段] [--title 字段] [--date 字段] [--year 字段]

把数据集（CSV、TSV、JSONL、记录数组形式的 JSON）的每条记录写成 <目录>（不存在则创建）中的一个 .txt 文件：
先是 YAML 前置元数据（title、date 或 year 以及其他字段），再是记录正文。文件名取自日期和标题。
已有的文件绝不覆盖：重名时加 -2、-3……问题（跳过的记录）输出到 stderr。
  --text/--title/--date/--year 字段   从记录的哪个字段读取（默认按 text、content、正文 / title、标题 /
                                      date、日期 / year、年份 推断）`,
  },
};
