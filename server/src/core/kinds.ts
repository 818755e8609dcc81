// What a document is, from its title and the first sentence of its lead: the one place that
// knows the kinds (`MEETING_KINDS`) and the words that give them away.

import type { MeetingKind } from './model';

/** Every kind, in the order the README documents them; `other` is what nothing else fits. */
export const MEETING_KINDS: readonly MeetingKind[] = [
  'standing-committee', 'politburo', 'commission', 'inspection', 'symposium', 'conference',
  'speech', 'report', 'document', 'communique', 'letter', 'commentary', 'profile', 'news', 'other',
];

export function isMeetingKind(s: string): s is MeetingKind {
  return (MEETING_KINDS as readonly string[]).includes(s);
}

export interface KindHints {
  /** The title block has a date line and a byline (`（2020年2月23日）` then `习近平`): a speech's or report's text. */
  dateLineAndByline?: boolean;
  /** The subtitle (`——在…上的报告`), when the title block has one. */
  subtitle?: string;
  /** The document comes from a file of news items (dated by its name, or several items): what fits nothing else is news. */
  newsFile?: boolean;
}

// A speech's or report's own text, as opposed to a news item about one (`…发表重要讲话` is news).
const SPEECH_TITLE = /(?:^在.{2,80}(?:讲话|致辞|演讲|发言)|的(?:重要)?(?:讲话|致辞|演讲|发言|谈话|贺词|新年贺词))$/;
const REPORT_TITLE = /(?:工作报告|^在.{2,80}上的报告|的报告)$/;
const COMMUNIQUE = /公报/;
const LETTER = /贺信|复信|回信|贺电|致信|致电|唁电|慰问电|感谢信|公开信|书信/;
// Issued documents and laws; `《习近平在厦门》出版发行` is a book, not one.
const DOCUMENT = /印发《|公布《|发布《|^中华人民共和国[^，。：\s]{1,30}(?:法|法典|条例)(?:（[^）]*）)?$|关于[^，。]{2,60}的(?:决定|决议|意见|通知|规定|办法|指导意见|实施意见)》?$|^《[^》]{2,60}(?:条例|规定|办法|纲要|规划|方案|准则|决议|决定)》$/;
const COMMENTARY = /评论员文章|社论|^【?(?:央视快评|央视短评|央视热评|国际锐评|本台评论|本台短评|新闻观察|新华时评|人民时评|钟声|任仲平|宣言|国纪平)|快评|短评|锐评|时评|述评|评论员/;
// The conference is what the title is about (`…峰会闭幕`, `中央经济工作会议在北京举行`), not a place someone met someone (`会见出席…论坛的代表`).
const CONFERENCE = /(?:工作会议|[一二三四五六七八九十]中全会|全体会议|代表大会|大会|人大.{0,6}次会议|政协.{0,8}次会议|峰会|论坛|博览会|年会)(?:[^，。的]{0,4}(?:在|举行|开幕|闭幕|召开|隆重|胜利|开幕式|闭幕式)|$)/;
const PROFILE_COLUMN = /^【[^】]*(?:楷模|最美|群英谱|榜样|英模|先锋|奋斗者|追梦人|人物|时代新人|身边的感动)[^】]*】/;
// `周会明：扎根雪域高原 守望公正`: a person's name before the colon. A place (`陕西：…`) is news.
const NAME_COLON = /^([\u4e00-\u9fff·]{2,4})：/;
const SURNAMES = new Set([...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝'].values());
const NOT_PERSONS = /^(?:习近平|李克强|李强|胡锦涛|温家宝|江泽民|新华社|人民日报|央视|本台|记者|专家|外交部|商务部|国务院|中央|全国|国家|海关|交通|国际|外媒|焦点|江西|江苏|吉林|安徽|甘肃|宁夏|武汉|成都|金华|雄安|特写|快讯|联播|时政|调查|观察|评论|解读|关注|聚焦|追踪|现场|独家|直播|声音|数说|热点)/;
// The first words of a news report: an agency's or station's dateline.
const NEWS_LEAD = /^(?:本台消息|据[^，。]{1,12}(?:消息|报道)|新华社[^，。]{0,12}电|中新社[^，。]{0,12}电|人民网|央视网消息|中国网络电视台消息|记者[^，。]{0,12}(?:获悉|了解到)|当地时间)/;

/**
 * Kind from title and lead; the title decides when it can, the lead's first sentence otherwise.
 * The order matters: a speech's text (`在…上的讲话`) before the conference it was given at, a
 * letter (`习近平致信…论坛`) before the forum, the meeting kinds before the conferences.
 */
export function classify(title: string, lead: string, hints: KindHints = {}): MeetingKind {
  const subtitle = hints.subtitle ?? '';
  if (/报告$/.test(subtitle)) return 'report';
  if (/(?:讲话|致辞|演讲|发言)$/.test(subtitle) || (hints.dateLineAndByline && !REPORT_TITLE.test(title)) || SPEECH_TITLE.test(title)) return 'speech';
  if (REPORT_TITLE.test(title)) return 'report';
  if (hints.dateLineAndByline) return 'report';
  const cut = lead.search(/[。；]/);
  const leadSentence = cut >= 0 ? lead.slice(0, cut) : lead;
  return byTitle(title) ?? meetingFrom(leadSentence) ?? profile(title) ?? (hints.newsFile || NEWS_LEAD.test(lead) ? 'news' : 'other');
}

/** A paragraph that opens as a news report does (`本台消息`, `新华社北京1月2日电`): in a news file it confirms the title above it, as a date does. */
export function isNewsLead(t: string): boolean {
  return NEWS_LEAD.test(t);
}

function byTitle(t: string): MeetingKind | undefined {
  if (t.length === 0) return undefined;
  if (COMMUNIQUE.test(t)) return 'communique';
  if (LETTER.test(t)) return 'letter';
  if (DOCUMENT.test(t)) return 'document';
  if (COMMENTARY.test(t)) return 'commentary';
  return meetingFrom(t) ?? (CONFERENCE.test(t) ? 'conference' : undefined);
}

function meetingFrom(t: string): MeetingKind | undefined {
  if (t.length === 0) return undefined;
  if (/中共中央政治局常务委员会.{0,12}?召开会议|中央政治局常委会会议/.test(t)) return 'standing-committee';
  if (/中共中央政治局.{0,12}?(?:召开会议|集体学习)/.test(t)) return 'politburo';
  if (/中央[^，。、；\s]{2,14}委员会第[一二三四五六七八九十百0-9]+次会议/.test(t)) return 'commission';
  if (/调研|考察|视察/.test(t)) return 'inspection';
  if (/座谈会/.test(t)) return 'symposium';
  return undefined;
}

function profile(title: string): MeetingKind | undefined {
  if (PROFILE_COLUMN.test(title)) return 'profile';
  const m = NAME_COLON.exec(title);
  if (m && SURNAMES.has(m[1][0]) && !NOT_PERSONS.test(m[1]) && !/[省市县区州盟旗村镇乡]$|^.国$/.test(m[1])) return 'profile';
  return undefined;
}
