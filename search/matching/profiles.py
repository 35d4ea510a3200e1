"""What the scorer compares: a demand's weighted key terms and wishes, a listing document's text and offer.

Key terms come from the engine's own query parser (`search.text.parse_query`), so a demand's term matches a
listing exactly when the engine would find it, synonyms included: `锂电池` carries `lithium ion battery` as an
alternative phrase, which is how a Chinese demand reaches English-only patents and vice versa.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

import jieba.analyse

from marketplace.models import Demand
from marketplace.services.listings import ENDED_LEGAL_STATUSES
from search.text import WORD, Clause, index_text, is_cjk, normalise, parse_query, stem

from .generic_terms import is_generic

KEY_TERMS = 12
# Words every need statement or patent title uses; they say little about the technology.
BOILERPLATE = frozenset(
    "技术 公司 我司 本公司 企业 生产 产品 提高 提升 降低 增加 改进 解决 问题 方案 方法 "
    "实现 提供 能够 进行 要求 目前 现有 研发 开发 求购 寻求 引进 合作 需求 急需 拥有 "
    "具有 能力 效率 成本 质量 装置 设备 及其 用途 专利 许可 转让 升级 "
    "technolog compani product improv solut seek requir provid develop partner cost effici qualiti method "
    "apparatus devic system licenc licens assign".split()
)
QUERY_TERMS = 4  # the engine is asked for the strongest terms only; every term counts in the score
TITLE_REPEAT = 2  # a word in the demand's title counts as if written twice
UNSERVABLE_STATUSES = {str(status) for status in ENDED_LEGAL_STATUSES}


@dataclass
class KeyTerm:
    text: str  # as the demand wrote it
    weight: float
    clause: Clause  # alternatives (synonyms, other language) as phrases of index terms
    generic: bool = False  # too common in patents to be evidence on its own (see generic_terms)


@dataclass
class DemandProfile:
    demand_id: int
    terms: list[KeyTerm]
    ipc_hints: list[str]
    province: str
    city: str
    deal_types: frozenset[str]
    budget_min: float | None
    budget_max: float | None
    currency: str

    @property
    def query_text(self) -> str:
        """The strongest specific terms: candidates sharing only generic words could never match."""
        return " ".join([term.text for term in self.terms if not term.generic][:QUERY_TERMS])


@dataclass
class ListingProfile:
    document: dict
    raw_text: str  # titles and descriptions as written
    text: str  # the same as " term term … " (index terms)
    ipc_text: str  # index terms of the bilingual titles of its IPC classes
    ipc_codes: list[str]
    province: str
    city: str
    deal_types: list[str]
    price: float | None
    negotiable: bool
    currency: str


def demand_profile(demand: Demand) -> DemandProfile:
    deal_types = frozenset(deal.code for deal in demand.deal_types.all())
    return _demand_profile(
        demand.pk,
        demand.title,
        demand.description,
        tuple(demand.ipc_hints),
        demand.province,
        demand.city,
        deal_types,
        _float(demand.budget_min),
        _float(demand.budget_max),
        demand.currency,
    )


@lru_cache(maxsize=20_000)  # match_listing scores every open demand; each is parsed once until it changes
def _demand_profile(
    pk, title, description, ipc_hints, province, city, deal_types, budget_min, budget_max, currency
) -> DemandProfile:
    return DemandProfile(
        pk,
        key_terms(title, description),
        list(ipc_hints),
        province,
        city,
        deal_types,
        budget_min,
        budget_max,
        currency,
    )


def key_terms(title: str, description: str, *, limit: int = KEY_TERMS) -> list[KeyTerm]:
    """The demand's most telling terms, weighted by TF-IDF (jieba's IDF table; median for unknown words)."""
    text = "\n".join([title] * TITLE_REPEAT + [description])
    stream = padded(index_text(text))
    idf, median_idf = _idf()
    terms = []
    for clause in parse_query(text):
        own = [phrase for phrase in clause.phrases if contains(stream, phrase)]
        if not own or (len(own[0]) == 1 and len(own[0][0]) < 2):  # single characters are too vague
            continue
        surface = surface_text(text, own[0])
        if stem_form(surface) in BOILERPLATE:
            continue
        count = max(stream.count(padded(" ".join(phrase))) for phrase in own)
        rarity = idf.get(surface, median_idf)
        synonym_group = len(clause.phrases) > 1  # a technical term by construction (电池, never generic)
        if synonym_group:
            rarity = max(rarity, median_idf * 1.5)
        terms.append(KeyTerm(surface, count * rarity, clause, generic=not synonym_group and is_generic(surface)))
    terms.sort(key=lambda term: -term.weight)
    return terms[:limit]


def listing_profile(document: dict) -> ListingProfile:
    raw_text = "\n".join(
        [
            document.get("title_zh", ""),
            document.get("title_en", ""),
            *document.get("patent_titles", []),
            document.get("description_zh", ""),
            document.get("description_en", ""),
            document.get("abstract_zh", ""),
            document.get("abstract_en", ""),
        ]
    )
    return ListingProfile(
        document=document,
        raw_text=raw_text,
        text=_stream(raw_text),
        ipc_text=_stream("\n".join([*document.get("ipc_titles_zh", []), *document.get("ipc_titles_en", [])])),
        ipc_codes=[
            *document.get("ipc_codes", []),
            *document.get("ipc_class", []),
            *document.get("ipc_section", []),
        ],
        province=document.get("province", ""),
        city=document.get("city", ""),
        deal_types=list(document.get("deal_type", [])),
        price=document.get("price"),
        negotiable=document.get("price_negotiable", True),
        currency=document.get("currency", "CNY"),
    )


def is_servable(document: dict, *, today: date) -> bool:
    """A listing whose patents are all no longer in force (expired, lapsed, refused …) cannot be licensed whatever
    the index says."""
    statuses = set(document.get("legal_status", []))
    if statuses and statuses <= UNSERVABLE_STATUSES:
        return False
    expiry = document.get("expiry_date")
    return not expiry or date.fromisoformat(expiry) >= today


def padded(stream: str) -> str:
    return f" {stream} "


def contains(stream: str, phrase: tuple[str, ...]) -> bool:
    return f" {' '.join(phrase)} " in stream


@lru_cache(maxsize=50_000)  # candidates recur across demands
def _stream(text: str) -> str:
    return padded(index_text(text))


def surface_text(text: str, phrase: tuple[str, ...]) -> str:
    """How `phrase` (index terms) is written in `text` (normalised): Chinese from bigrams, Latin as found."""
    if is_cjk(phrase[0]):
        return "".join(bigram[0] for bigram in phrase) + phrase[-1][-1]
    text = normalise(text)
    words = [word for word in WORD.finditer(text) if not is_cjk(word.group())]
    for start, word in enumerate(words[: len(words) - len(phrase) + 1]):
        if stem(word.group()) == phrase[0] and all(
            stem(words[start + i].group()) == part for i, part in enumerate(phrase[1:], 1)
        ):
            return text[word.start() : words[start + len(phrase) - 1].end()]
    return " ".join(phrase)


def stem_form(surface: str) -> str:
    return " ".join(word if is_cjk(word) else stem(word) for word in WORD.findall(normalise(surface)))


@cache
def _idf() -> tuple[dict[str, float], float]:
    tfidf = jieba.analyse.default_tfidf
    return tfidf.idf_freq, tfidf.median_idf


def _float(value) -> float | None:
    return float(value) if value is not None else None
