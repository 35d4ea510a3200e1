"""One transparent score (0–100) for a demand against a listing, and its explanation in the user's language.

Five factors, each valued 0–1 and weighted; a factor the demand says nothing about (no IPC hints, no region,
no deal type, no budget) is left out and the weights of the others are scaled up to 100:
- text (45): TF-IDF weight of the demand's key terms found in the listing (a term found only in the listing's
  IPC class titles counts half), full marks at TEXT_FULL_AT of the weight; nothing unless at least one of the
  terms found is specific (generic words such as 测试 or "system" only add to specific evidence);
- IPC (25): best overlap of a hint with the listing's codes: every level the hint names → 1, else same
  subclass 0.75, class 0.5, section 0.15;
- region (10): same city 1, same province 0.6;
- deal type (10): offers a wanted deal type 1;
- budget (10): asking price within budget 1, no price but negotiable 0.6, above budget but negotiable and at
  most NEGOTIABLE_STRETCH times it 0.4.

When listings have vectors (search.semantic), the text factor is the better of the shared terms and the
meaning: a cosine similarity of the demand's and the listing's embeddings at MIN_SIMILARITY is worth nothing,
at SEMANTIC_FULL_AT or above full marks ("semantic match", shown with the listing's closest sentence), which is
how a Chinese demand matches an English patent no synonym connects it to.

A listing with neither a specific term, nor a semantic match, nor an IPC overlap in common is no match at all
(`has_evidence`).
The factors are kept as plain JSON (stored with each MatchProposal) and put into words only when shown.
"""

import re
from functools import cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marketplace.models import DealType
from marketplace.regions import region_name

from ..semantic.selectors import MIN_SIMILARITY
from .profiles import DemandProfile, ListingProfile, contains, surface_text

WEIGHTS = {"text": 45, "ipc": 25, "region": 10, "deal": 10, "budget": 10}
TEXT_FULL_AT = 0.6
IPC_ONLY_CREDIT = 0.5
IPC_LEVEL_CREDIT = {4: 1.0, 3: 0.75, 2: 0.5, 1: 0.15}
SAME_PROVINCE = 0.6
NO_PRICE_NEGOTIABLE = 0.6
ABOVE_BUDGET_NEGOTIABLE = 0.4
NEGOTIABLE_STRETCH = 1.5
SEMANTIC_FULL_AT = 0.6
IPC_PARTS = re.compile(r"^([A-H])(\d\d)?([A-Z])?(\d+)?")


def score(demand: DemandProfile, listing: ListingProfile, *, similarity: float | None = None) -> dict:
    """`similarity`: the cosine of the demand's and the listing's embeddings, when both have one."""
    parts = {"text": _text(demand, listing)}
    if similarity is not None and similarity > MIN_SIMILARITY:
        meaning = round(min(1.0, (similarity - MIN_SIMILARITY) / (SEMANTIC_FULL_AT - MIN_SIMILARITY)), 3)
        parts["text"]["semantic"] = {"similarity": round(similarity, 3), "sentence": ""}
        parts["text"]["value"] = max(parts["text"]["value"], meaning)
    if demand.ipc_hints:
        parts["ipc"] = _ipc(demand.ipc_hints, listing.ipc_codes)
    if demand.province:
        parts["region"] = _region(demand, listing)
    if demand.deal_types:
        parts["deal"] = _deal(demand, listing)
    if demand.budget_max is not None or demand.budget_min is not None:
        parts["budget"] = _budget(demand, listing)
    weight = sum(WEIGHTS[name] for name in parts)
    total = sum(WEIGHTS[name] * part["value"] for name, part in parts.items())
    return {"score": round(100 * total / weight), "parts": parts}


def has_evidence(factors: dict) -> bool:
    parts = factors["parts"]
    return parts["text"]["value"] > 0 or parts.get("ipc", {}).get("value", 0) > 0


def _text(demand: DemandProfile, listing: ListingProfile) -> dict:
    found, in_ipc_titles, total, specific = [], [], 0.0, False
    weight = sum(term.weight for term in demand.terms) or 1.0
    for term in demand.terms:
        phrase = next((p for p in term.clause.phrases if contains(listing.text, p)), None)
        if phrase:
            found.append([term.text, list(phrase)])
            total += term.weight
        elif any(contains(listing.ipc_text, p) for p in term.clause.phrases):
            in_ipc_titles.append(term.text)
            total += term.weight * IPC_ONLY_CREDIT
        else:
            continue
        specific = specific or not term.generic
    return {
        "value": round(min(1.0, total / weight / TEXT_FULL_AT), 3) if specific else 0.0,
        "terms": found,
        "ipc_terms": in_ipc_titles,
        "generic_only": bool(found or in_ipc_titles) and not specific,
    }


def with_wording(factors: dict, listing: ListingProfile) -> dict:
    """Shared terms as the listing words them (done only for the matches shown: finding the words costs)."""
    for pair in factors["parts"]["text"]["terms"]:
        if isinstance(pair[1], list):
            pair[1] = surface_text(listing.raw_text, tuple(pair[1]))
    return factors


def _ipc_levels(code: str) -> list[str]:
    """H01M10/05 → [H, H01, H01M, H01M10]: section, class, subclass, main group."""
    match = IPC_PARTS.match(code.replace(" ", "").upper())
    if not match:
        return []
    levels, prefix = [], ""
    for piece in match.groups():
        if piece is None:
            break
        prefix += piece
        levels.append(prefix)
    return levels


def _ipc(hints: list[str], codes: list[str]) -> dict:
    best = {"value": 0.0, "hint": "", "code": "", "level": 0}
    for hint in hints:
        wanted = _ipc_levels(hint)
        for code in codes:
            offered = _ipc_levels(code)
            common = sum(1 for a, b in zip(wanted, offered) if a == b)
            if common == 0:
                continue
            value = 1.0 if common == len(wanted) else IPC_LEVEL_CREDIT[common]
            if value > best["value"]:
                best = {"value": value, "hint": hint, "code": code, "level": common}
    best["hints"] = hints
    return best


def _region(demand: DemandProfile, listing: ListingProfile) -> dict:
    if demand.city and listing.city == demand.city and listing.province == demand.province:
        value = 1.0
    elif listing.province == demand.province:
        value = SAME_PROVINCE
    else:
        value = 0.0
    return {"value": value, "province": listing.province, "city": listing.city}


def _deal(demand: DemandProfile, listing: ListingProfile) -> dict:
    shared = [code for code in listing.deal_types if code in demand.deal_types]
    return {
        "value": 1.0 if shared else 0.0,
        "shared": shared,
        "offered": listing.deal_types,
        "wanted": sorted(demand.deal_types),
    }


def _budget(demand: DemandProfile, listing: ListingProfile) -> dict:
    price, ceiling = listing.price, demand.budget_max
    if price is None:
        case, value = "negotiable", NO_PRICE_NEGOTIABLE
    elif listing.currency != demand.currency:
        case, value = "other_currency", NO_PRICE_NEGOTIABLE if listing.negotiable else 0.0
    elif ceiling is None or price <= ceiling:
        case, value = "within", 1.0
    elif listing.negotiable and price <= ceiling * NEGOTIABLE_STRETCH:
        case, value = "above_negotiable", ABOVE_BUDGET_NEGOTIABLE
    else:
        case, value = "above", 0.0
    return {"value": value, "case": case, "price": price, "currency": listing.currency}


def explain(factors: dict) -> list[str]:
    """The factors as sentences in the active language, strongest evidence first."""
    parts = factors["parts"]
    reasons = _explain_text(parts["text"])
    if "ipc" in parts:
        reasons.append(_explain_ipc(parts["ipc"]))
    if "region" in parts:
        reasons.append(_explain_region(parts["region"]))
    if "deal" in parts:
        reasons.append(_explain_deal(parts["deal"]))
    if "budget" in parts:
        reasons.append(_explain_budget(parts["budget"]))
    return reasons


def _explain_text(part: dict) -> list[str]:
    """Shared terms, and the semantic match (first when no term is shared: it is then the evidence)."""
    semantic = part.get("semantic")
    if not semantic:
        return [_explain_terms(part)]
    if semantic["sentence"]:
        meaning = _("Semantic match (similarity %(similarity).2f): the closest sentence is “%(sentence)s”.") % {
            "similarity": semantic["similarity"], "sentence": semantic["sentence"]}
    else:
        meaning = _("Semantic match (similarity %(similarity).2f).") % {"similarity": semantic["similarity"]}
    if part["terms"] or part["ipc_terms"]:
        return [_explain_terms(part), meaning]
    return [meaning]


def _explain_terms(part: dict) -> str:
    shown = [
        f"{own} ≈ {theirs}" if theirs and theirs.lower() != own.lower() else own
        for own, theirs in part["terms"]
    ]
    if part["ipc_terms"]:
        shown += [_("%(term)s (in the IPC class title)") % {"term": term} for term in part["ipc_terms"]]
    if not shown:
        return _("No key terms in common.")
    if part.get("generic_only"):
        return _("Only common words in common (%(terms)s): not evidence of a match.") % {"terms": _join(shown)}
    return _("Shared terms: %(terms)s.") % {"terms": _join(shown)}


def _explain_ipc(part: dict) -> str:
    if not part["level"]:
        return _("No IPC overlap with %(hints)s.") % {"hints": _join(part["hints"])}
    levels = {4: _("same main group"), 3: _("same subclass"), 2: _("same class"), 1: _("same section")}
    exact = part["value"] == 1.0
    return _("IPC %(hint)s matches %(code)s (%(level)s).") % {
        "hint": part["hint"],
        "code": part["code"],
        "level": _("as asked") if exact else levels[part["level"]],
    }


def _explain_region(part: dict) -> str:
    if part["value"] == 1.0:
        return _("In your city (%(city)s).") % {"city": region_name(part["city"])}
    if part["value"]:
        return _("In your province (%(province)s).") % {"province": region_name(part["province"])}
    return _("In another region (%(region)s).") % {"region": region_name(part["province"]) or _("unknown")}


def _explain_deal(part: dict) -> str:
    names = deal_type_names()
    if part["shared"]:
        return _("Offers %(deals)s, as you want.") % {
            "deals": _join(names.get(c, c) for c in part["shared"])
        }
    return _("Offers %(offered)s; you want %(wanted)s.") % {
        "offered": _join(names.get(c, c) for c in part["offered"]) or _("nothing stated"),
        "wanted": _join(names.get(c, c) for c in part["wanted"]),
    }


def _explain_budget(part: dict) -> str:
    price = f"{part['price']:,.0f} {part['currency']}" if part["price"] is not None else ""
    return {
        "negotiable": _("No asking price: negotiable."),
        "other_currency": _("Asking price %(price)s is in another currency."),
        "within": _("Asking price %(price)s fits your budget."),
        "above_negotiable": _("Asking price %(price)s is above your budget but negotiable."),
        "above": _("Asking price %(price)s is above your budget."),
    }[part["case"]] % {"price": price}


def _join(items) -> str:
    # Translators: the separator between the items of a list ("、" in Chinese).
    return _(", ").join(items)


def deal_type_names() -> dict[str, str]:
    english = not (get_language() or "zh").startswith("zh")
    return {code: en if english else zh for code, zh, en in _deal_types()}


@cache
def _deal_types() -> tuple[tuple[str, str, str], ...]:
    return tuple(DealType.objects.values_list("code", "name_zh", "name_en"))
