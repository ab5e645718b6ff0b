"""Page furniture removal and masked-name detection.

Scraped notices carry things that are not part of the notice: share widgets,
print/close buttons, font-size switches, breadcrumbs, editor credits, "read
more" links, truncation markers left by paywalled mirrors and the odd spam line
injected at the top of a page.  ``strip_noise`` drops such lines (and such
fragments inside short metadata lines) and nothing else: a line that reads like
content — a sentence, a numbered heading, anything long — is always kept.

Masked names (``*县``, ``湖*县``, ``*县/区/市``, ``某某``, ``张某``) are part of
the published text, so they are left in place; ``masked_spans`` locates them
so that extractors can skip them.

``clean`` is the text the pipeline stores; every offset points into it.  All
functions are total and idempotent.
"""

from __future__ import annotations

import re

from ingest.normalize import normalize

_C = ":："
_MAX_NOISE_LINE = 120
_SEP = r"[\s|｜/·•、,，;；:：>»›\-—_]"

_ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十百\d]+[)）]|\d+[、.．](?!\d)"
    r"|[一二三四五六七八九十]+是|第[一二三四五六七八九十百\d]+[章节条部分项个]|[①-⑳])"
)
_SENTENCE_END = re.compile(r"[。！？!?；;]")

_TRUNCATION = re.compile(
    rf"(?:大约|约|还)?剩余?\s*\d{{1,3}}(?:\.\d+)?\s*%\s*(?:的)?(?:内容|正文)?\s*(?:已|被)?\s*(?:隐藏|未读|未显示|折叠)了?"
    rf"|[(（\[【]\s*未完待续\s*[)）\]】]|^未完待续$"
    rf"|^(?:\.{{3,}}|…+|。{{3,}}|[·•]{{3,}})$"
)
_READ_MORE = re.compile(
    r"(?:\.{3}|…+)?\s*[【\[(（<]?\s*(?:点击|点此)?\s*(?:阅读|展开|查看|显示|浏览|阅读原文|查看原文)?"
    r"(?:全文|原文|更多|剩余内容)\s*[】\])）>]?\s*(?:>>|»|›|∨|▼|↓|>)?\s*$"
)
_READ_MORE_LINE = re.compile(
    r"^(?:(?:点击|点此)?\s*(?:阅读|展开|查看|显示|加载|收起)\s*(?:全文|原文|更多|剩余内容)"
    r"|更多|阅读原文|全文完|[(（]\s*完\s*[)）]|-*\s*END\s*-*|往期(?:回顾|推荐|精彩)|相关(?:新闻|阅读|链接|文章|推荐)"
    r"|推荐阅读|延伸阅读|猜你喜欢|热点推荐|热门推荐)\s*[:：]?\s*(?:>>|»|›|∨|▼|↓)?$",
    re.I,
)
_WIDGET_TOKEN = (
    r"分享到|分享至|一键分享|分享|微信朋友圈|朋友圈|微信好友|微信|新浪微博|腾讯微博|微博|QQ空间|QQ好友|QQ|人人网|豆瓣|"
    r"开心网|今日头条|抖音|钉钉|复制链接|复制网址|邮件|Facebook|Twitter|打印本页|打印此页|打印文章|打印|关闭窗口|关闭本页|"
    r"关闭|加入收藏|收藏本页|收藏|返回顶部|回到顶部|返回首页|返回列表|返回|顶部|纠错|我要纠错|推荐给朋友|推荐|保存|默认|"
    r"字号|字体|大|中|小|放大|缩小|A\+|A-|更多|无障碍浏览|无障碍|长者模式|适老模式|繁體|繁体|简体|English|手机版|网站地图|"
    r"设为首页|登录|注册|RSS|站内搜索|搜索|首页|网站首页"
)
_WIDGET_ONLY = re.compile(rf"^(?:(?:{_WIDGET_TOKEN})|{_SEP}|[【】\[\]()（）〔〕<>「」{{}}])++$", re.I)
_WIDGET_FRAGMENT = re.compile(
    rf"[【\[]\s*(?:{_WIDGET_TOKEN})(?:\s*[{_C}]?\s*(?:{_WIDGET_TOKEN}))*+\s*[】\]]"
    rf"|(?:字号|字体)\s*[{_C}]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小\s*[】\]]?"
    rf"|(?:分享到|分享至)\s*[{_C}]\s*(?:(?:{_WIDGET_TOKEN})\s*)*+$"
    rf"|[(（【\[]?\s*(?:责任编辑|责编)\s*[{_C}]\s*[^\s)）】\]]{{1,16}}\s*[)）】\]]?",
    re.I,
)
_COUNTER = re.compile(
    rf"[【\[(（]?\s*(?:(?:浏览|阅读|点击|访问)(?:次数|量|数)?|字数)\s*[{_C}]\s*\d+\s*[次字]?\s*[】\])）]?"
)
_METADATA = re.compile(r"来源|发布|时间|日期|作者|出处")
_SCAN_SHARE = re.compile(r"扫一扫|扫描二维码|扫码|长按(?:识别)?二维码|二维码")
_SCAN_PURPOSE = re.compile(r"分享|手机|打开|关注|阅读|朋友圈|浏览|微信|公众号|客户端|当前页|本页|网页|好友")
_FOLLOW_US = re.compile(r"^点击(?:上方|下方)?\s*[“\"]?\s*蓝字\s*[”\"]?.{0,12}关注")
_BREADCRUMB = re.compile(
    rf"^(?:您(?:当前|现在)?所?在?的?位置|(?:当前|现在)(?:所在)?的?位置|所在位置|当前页面|当前栏目)\s*[{_C}]"
    r"|^(?:首页|主页|网站首页)\s*(?:>|»|›|→|/)"
)
_CREDITS = re.compile(
    rf"^[【\[(（]?\s*(?:责任编辑|责编|编辑|网络编辑|值班编辑|审核|审校|校对|终审|初审|复审|编审|监制|统筹|制作|美编)\s*[{_C}]"
)
_NEIGHBOUR_LINK = re.compile(rf"^(?:上一篇|下一篇)(?:\s*[{_C}]|$)|^(?:上一条|下一条|上篇|下篇)\s*[{_C}]")
_FOOTER = re.compile(
    r"版权所有|Copyright|©|ICP[备证]|公网安备|网站标识码|网站识别码|技术支持\s*[:：]|All Rights Reserved"
    r"|建议使用.{0,20}浏览器|最佳分辨率",
    re.I,
)
_SPAM = re.compile(
    r"MG电子|AG真人|PT电子|PG电子|BB电子|DG真人|BBIN|沙巴体育|新?葡京|威尼斯人|金沙(?:娱乐|国际|城|赌场)|太阳城"
    r"|娱乐城|百家乐|老虎机|bet365|亚博体育|开云体育|开元棋牌|真人视讯|电子游艺|澳门博彩",
    re.I,
)
_SPAM_SHAPE = re.compile(r"^(?=.*[A-Za-z])[A-Za-z\u4e00-\u9fff]{2,12}\d{3,}$")
_CONTENTISH = re.compile(r"问题|整改|整治|查处|打击|治理|违规|违纪|违法|赌博|巡视|巡察|纪委|党委|监督")
_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def clean(text: str) -> str:
    """The stored form of a notice: ``strip_noise(normalize(text))``."""
    return strip_noise(normalize(text))


def strip_noise(text: str) -> str:
    """Drop page-furniture lines and fragments; keep every line that carries content."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    for _ in range(8):
        stripped = _strip_once(text)
        if stripped == text:
            break
        text = stripped
    return text


def _strip_once(text: str) -> str:
    kept: list[str] = []
    leading = True
    for line in text.split("\n"):
        line = _without_fragments(line)
        if line is None or _is_noise(line, leading):
            continue
        if line.strip():
            leading = False
        kept.append(line)
    return _BLANKS.sub("\n\n", "\n".join(kept)).strip()


def _is_protected(s: str) -> bool:
    return len(s) > _MAX_NOISE_LINE or bool(_ENUMERATED.match(s) or _SENTENCE_END.search(s))


def _without_fragments(line: str) -> str | None:
    """Cut widget fragments out of short lines; None when the line was only noise."""
    s = line.strip()
    if not s or _SENTENCE_END.search(s) and not _TRUNCATION.search(s) and not _READ_MORE.search(s):
        return line
    cut = _TRUNCATION.sub("", s)
    if not _is_protected(cut):
        cut = _WIDGET_FRAGMENT.sub("", cut)
        cut = _COUNTER.sub("", cut) if _METADATA.search(cut) else cut
    cut = _READ_MORE.sub("", cut) if _READ_MORE.search(cut) and _read_more_is_link(cut) else cut
    if cut == s:
        return line
    cut = re.sub(r"[ \t]{2,}", " ", cut).strip()
    return cut or None


def _read_more_is_link(s: str) -> bool:
    """A trailing 全文/原文/更多 is a link only after an ellipsis, inside brackets or with a read verb."""
    m = _READ_MORE.search(s)
    frag = m.group() if m else ""
    return bool(re.search(r"(?:阅读|展开|查看|显示)全文|\.\.\.|…|[【\[<>»›∨▼↓]", frag))


def _is_noise(line: str, leading: bool) -> bool:
    s = line.strip()
    if not s:
        return False
    if _READ_MORE_LINE.match(s) or _TRUNCATION.fullmatch(s):
        return True
    if _is_protected(s):
        return False
    return (
        bool(_WIDGET_ONLY.match(s))
        or _is_scan_to_share(s)
        or bool(_FOLLOW_US.match(s) or _BREADCRUMB.match(s) or _CREDITS.match(s))
        or bool(_NEIGHBOUR_LINK.match(s) or _FOOTER.search(s))
        or _is_spam(s, leading)
    )


def _is_scan_to_share(s: str) -> bool:
    return len(s) <= 40 and bool(_SCAN_SHARE.search(s) and _SCAN_PURPOSE.search(s))


def _is_spam(s: str, leading: bool) -> bool:
    if len(s) > 30 or _CONTENTISH.search(s):
        return False
    return bool(_SPAM.search(s)) or (leading and bool(_SPAM_SHAPE.match(s)))


# --- masked names ---------------------------------------------------------------------------

_PLACE = r"(?:特别行政区|自治区|自治州|自治县|自治旗|街道办事处|街道|社区|省|市|县|区|旗|州|盟|镇|乡|村|组)"
_ORG = (
    r"(?:单位|部门|公司|企业|集团|银行|学校|医院|中心|机关|局|厅|委|办|站|队|院|科|室|支部|党组|党委|"
    r"纪委|监委|政府|法院|检察院|协会|合作社|项目|工程)"
)
_SUFFIXES = rf"(?:{_PLACE}(?:\s*[/、]\s*{_PLACE})*(?:[(（]{_PLACE}(?:[/、]{_PLACE})*[)）])?)"
_SYMBOL_MASK = rf"(?:[*＊]+|×+|[Xx]{{2,}}(?!世纪)|X(?={_PLACE}|{_ORG})|○{{2,}}|○(?={_PLACE})|□+|■+|△+)"
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安"
    "齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛"
    "靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_MASKED = re.compile(
    rf"(?P<sym>(?<![\dA-Za-z]){_SYMBOL_MASK}(?![\d])(?:{_SUFFIXES}|{_ORG})?)"
    rf"|(?P<mou>某某+(?:{_SUFFIXES}|{_ORG})?|某(?:{_SUFFIXES}|{_ORG}))"
    rf"|(?P<person>(?:欧阳|司马|上官|诸葛|东方|皇甫|[{_SURNAMES}])某{{1,2}}(?![某些种一个项次方段类样]|{_SUFFIXES}|{_ORG}))"
)
_PREFIX_STOP = set(
    "对在由向从和与及将把被为了的是等至到于给以如据经督促各全本该其每个有无这那此某省市县区镇乡村州旗盟"
    "导绕求织合照查持励报请推批派示进赴往入出去来达抵谈访调研评估核帮联定抽选确前后即"
    "中上下内外里即或且并还也都又再就才只所之因使让称系其他全部个别少数多名"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def masked_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` spans of masked names in ``text``."""
    if not isinstance(text, str) or not text:
        return []
    spans: list[tuple[int, int]] = []
    for m in _MASKED.finditer(text):
        start, end = m.span()
        if m.lastgroup == "sym":
            if not (_CJK.search(m.group()) or _touches_cjk(text, start, end)):
                continue
            if start > 0 and _CJK.match(text[start - 1]) and text[start - 1] not in _PREFIX_STOP:
                start -= 1
        spans.append((start, end))
    return _merged(spans)


def _touches_cjk(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(_CJK.match(before) or _CJK.match(after)) or (before != "" and before in "“\"'‘《(（") or (
        after != "" and after in "”\"'’》)）"
    )


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
