"""第一条, 第五条: finding the projects a new one may duplicate. Pure Python.

Chinese is written without spaces, so the text is not segmented into words: after NFKC, lower case and the
removal of punctuation and of the generic words every project name carries (系统, 平台, 项目, 建设, 启东市…, the
domain's stopwords), each run of characters gives its character bigrams and trigrams (a Latin word stays
whole). A project is indexed as the set of its grams (an inverted index: gram → projects, with the gram's
count). A check retrieves candidates by the idf-weighted count of the query's rarest grams, then scores each candidate by
the idf-weighted cosine of its name's grams and of its construction content's grams, plus the share of
information items the two catalogs have in common. The score is between 0 and 1; the policy says from which
score a match is "close" (the unit is told before submitting)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Words every e-government project's name or description carries; they say nothing of what it builds.
STOPWORDS = (
    "启东市",
    "启东",
    "南通市",
    "我市",
    "全市",
    "市级",
    "本单位",
    "信息系统",
    "系统",
    "平台",
    "项目",
    "工程",
    "建设",
    "一期",
    "二期",
    "三期",
    "信息化",
    "智慧",
    "数字化",
    "综合",
    "中心",
    "升级改造",
    "改造",
    "升级",
    "新建",
    "扩建",
    "包括",
    "以及",
    "实现",
    "进行",
    "提供",
    "相关",
    "功能",
    "模块",
    "一体化",
)
# The city's towns and districts: the same system built for another town is the same system (第五条).
PLACES = (
    "汇龙镇",
    "南阳镇",
    "北新镇",
    "王鲍镇",
    "合作镇",
    "海复镇",
    "近海镇",
    "寅阳镇",
    "惠萍镇",
    "东海镇",
    "吕四港镇",
    "启隆镇",
    "圆陀角",
    "滨海工业园",
    "高新区",
    "经济开发区",
)
_STOP = re.compile("|".join(sorted(map(re.escape, STOPWORDS + PLACES), key=len, reverse=True)))
# Runs of Han characters, or Latin/digit words.
_RUN = re.compile(r"[\u3400-\u9fff]+|[a-z][a-z0-9]+")

# How the parts of the score weigh.
NAME_WEIGHT, CONTENT_WEIGHT, ITEMS_WEIGHT = 0.55, 0.45, 0.25
# Retrieval looks at the query's rarest grams only: a gram in more than this share of projects says little.
COMMON_SHARE = 0.02
COMMON_FLOOR = 200  # …and, in a small index, in more than this many
QUERY_GRAMS = 32


def normalize(text: str) -> str:
    """NFKC, lower case, the stopwords replaced by a break."""
    return _STOP.sub(" ", unicodedata.normalize("NFKC", text or "").lower())


def runs(text: str) -> list[str]:
    return _RUN.findall(normalize(text))


def grams(text: str) -> Counter:
    """The character bigrams and trigrams of each run (a Latin word whole; a lone Han character itself)."""
    found: Counter = Counter()
    for run in runs(text):
        if run.isascii():
            found[run] += 1
            continue
        if len(run) == 1:
            found[run] += 1
            continue
        for n in (2, 3):
            for i in range(len(run) - n + 1):
                found[run[i : i + n]] += 1
    return found


def item_key(item: str) -> str:
    """An information item as compared: NFKC, lower case, no spaces or punctuation (公民身份号码 = 公民身份号码)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", item).lower() if ch.isalnum())


@dataclass(frozen=True)
class Text:
    """What a project says of itself: name, construction content, information items of its catalog."""

    name: str
    content: str = ""
    items: tuple[str, ...] = ()

    def index_grams(self) -> Counter:
        """The grams a project is indexed under: its name's count twice (the name says most)."""
        name = grams(self.name)
        return name + name + grams(self.content)


def idf(df: int, n: int) -> float:
    """The idf of BM25, never negative."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def retrieval_grams(query: Counter, df: Mapping[str, int], n: int, limit: int = QUERY_GRAMS) -> list[str]:
    """The query's grams worth looking up: known to the index, not in more than COMMON_SHARE of the
    projects nor COMMON_FLOOR (unless nothing else is left), the rarest first."""
    known = [g for g in query if df.get(g)]
    rare = [g for g in known if df[g] <= max(COMMON_FLOOR, COMMON_SHARE * n)] or known
    return sorted(rare, key=lambda g: (df[g], g))[:limit]


def retrieval_scores(
    query: Iterable[str], postings: Iterable[tuple[int, str, int]], df: Mapping[str, int], n: int
) -> dict[int, float]:
    """Each document's Σ count × idf over the query's grams (postings: document, gram, count): the
    candidates that compare() then scores. The database computes the same sum in SQL
    (duplication.selectors.similar_to)."""
    wanted = set(query)
    scores: dict[int, float] = {}
    for doc, gram, tf in postings:
        if gram in wanted:
            scores[doc] = scores.get(doc, 0.0) + tf * idf(df.get(gram, 0), n)
    return scores


def _weights(counts: Counter, df: Mapping[str, int], n: int) -> dict[str, float]:
    return {g: (1 + math.log(c)) * idf(df.get(g, 0), n) for g, c in counts.items()}


def cosine(a: Counter, b: Counter, df: Mapping[str, int], n: int) -> float:
    if not a or not b:
        return 0.0
    wa, wb = _weights(a, df, n), _weights(b, df, n)
    dot = sum(w * wb[g] for g, w in wa.items() if g in wb)
    norm = math.sqrt(sum(w * w for w in wa.values())) * math.sqrt(sum(w * w for w in wb.values()))
    return dot / norm if norm else 0.0


@dataclass(frozen=True)
class Match:
    """How much one project overlaps another, and where."""

    score: float
    name_score: float
    content_score: float
    phrases: tuple[str, ...]  # the longest common phrases (of the normalized text)
    items: tuple[str, ...]  # the information items both catalogs hold


def common_phrases(a: str, b: str, *, shortest: int = 2, most: int = 6) -> tuple[str, ...]:
    """The longest runs of characters that both texts share (after normalization), longest first, none
    inside another."""
    runs_a, runs_b = runs(a), "\x00".join(runs(b))
    found: set[str] = set()
    for run in runs_a:
        i = 0
        while i < len(run):
            best = ""
            for j in range(len(run), i + shortest - 1, -1):
                if run[i:j] in runs_b:
                    best = run[i:j]
                    break
            if len(best) >= shortest:
                found.add(best)
                i += len(best)
            else:
                i += 1
    kept = sorted(found, key=lambda p: (-len(p), p))
    result: list[str] = []
    for phrase in kept:
        if not any(phrase in longer for longer in result):
            result.append(phrase)
    return tuple(result[:most])


def compare(a: Text, b: Text, df: Mapping[str, int], n: int) -> Match:
    """The score of `b` as a possible duplicate of `a`, between 0 and 1, with what overlaps."""
    name_score = cosine(grams(a.name), grams(b.name), df, n)
    content_score = cosine(grams(a.name + " " + a.content), grams(b.name + " " + b.content), df, n)
    score = NAME_WEIGHT * name_score + CONTENT_WEIGHT * content_score
    keys_a = {item_key(i): i for i in a.items if item_key(i)}
    keys_b = {item_key(i) for i in b.items}
    shared = tuple(sorted(keys_a[k] for k in keys_a.keys() & keys_b))
    if keys_a and keys_b:
        share = len(shared) / min(len(keys_a), len(keys_b))
        score = (1 - ITEMS_WEIGHT) * score + ITEMS_WEIGHT * share
    phrases = common_phrases(a.name + " " + a.content, b.name + " " + b.content)
    return Match(round(score, 4), round(name_score, 4), round(content_score, 4), phrases, shared)


class MemoryIndex:
    """The same index in memory (the labelled set's evaluation and the tests): grams → documents."""

    def __init__(self) -> None:
        self.texts: dict[int, Text] = {}
        self.postings: dict[str, dict[int, int]] = {}

    def add(self, key: int, text: Text) -> None:
        self.texts[key] = text
        for g, c in text.index_grams().items():
            self.postings.setdefault(g, {})[key] = c

    @property
    def df(self) -> dict[str, int]:
        return {g: len(p) for g, p in self.postings.items()}

    def similar(self, text: Text, *, limit: int = 10, exclude: int | None = None) -> list[tuple[int, Match]]:
        df, n = self.df, len(self.texts)
        query = retrieval_grams(text.index_grams(), df, n)
        postings = [(d, g, c) for g in query for d, c in self.postings[g].items()]
        return rank(text, retrieval_scores(query, postings, df, n), self.texts, df, n, limit=limit, exclude=exclude)


def rank(
    text: Text,
    candidates: Mapping[int, float],
    texts: Mapping[int, Text],
    df: Mapping[str, int],
    n: int,
    *,
    limit: int,
    exclude: int | None = None,
    pool: int = 30,
) -> list[tuple[int, Match]]:
    """The best `pool` candidates by retrieval score, scored by compare(), the best `limit` first."""
    best = sorted((k for k in candidates if k != exclude), key=lambda k: -candidates[k])[:pool]
    scored = [(k, compare(text, texts[k], df, n)) for k in best if k in texts]
    scored.sort(key=lambda kv: (-kv[1].score, kv[0]))
    return scored[:limit]
