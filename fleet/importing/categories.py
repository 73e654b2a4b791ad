"""Device category from the free text of a "type" column and from model names.

Inventories say ``PC portable``, ``UC``, ``Moniteur``, ``Copieur``… or leave the
type empty and only give a model (``Latitude 5420``, ``OptiPlex 7090``,
``P2419H``). The type text is tried first, then the model, then the name.
Called once per distinct text, so plain regular expressions are fine.
"""

from __future__ import annotations

import re
from difflib import get_close_matches
from functools import lru_cache
from typing import Final

from factors import text as factors_text
from factors.numecoeval import CATEGORY_TYPES, TYPE_CATEGORIES
from factors.vocabulary import CATEGORIES

#: Type-text patterns (on folded text: lowercase ASCII), most specific first.
TYPE_PATTERNS: Final[tuple[tuple[str, str], ...]] = (
    (r"station d.?accueil|docking|\bdock\b|replicateur de port", "docking_station"),
    (r"tout.?en.?un|all.?in.?one|\baio\b", "all_in_one"),
    (r"client leger|thin.?client|\bzero client", "thin_client"),
    (r"station de travail|workstation", "workstation"),
    (
        r"telephone (ip|fixe|voip|de bureau)|poste (telephonique|ip)|\bvoip\b|ip.?phone|"
        r"telephonie ip|desk ?phone|\bdect\b",
        "ip_phone",
    ),
    (
        r"telephone mobile|telephone portable|feature ?phone|mobile basique|\bgsm\b|"
        r"mobile phone|portable simple",
        "mobile_phone",
    ),
    (r"smartphone|telephone intelligent|\biphone\b|\bandroid\b", "smartphone"),
    (r"tablette|\btablet|\bipad\b", "tablet"),
    (r"multifonction|copieur|photocopieu|\bmfp\b|\bmfc\b|\bmfd\b|multi.?function", "mfp"),
    (r"imprimante|printer|traceur|plotter", "printer"),
    (r"video.?projecteur|projecteur|projector|\bvp\b", "projector"),
    (
        r"ecran (interactif|tactile interactif|d.?affichage)|affichage dynamique|televiseur|"
        r"\btv\b|television|signage|\btbi\b",
        "display",
    ),
    (r"ecran|moniteur|monitor|\bdisplay\b", "monitor"),
    (r"portable|laptop|notebook|ultrabook|netbook|chromebook|\bpc portable\b", "laptop"),
    (
        r"unite centrale|\buc\b|\btour\b|desktop|pc fixe|poste fixe|ordinateur fixe|"
        r"ordinateur de bureau|mini.?pc|\bsff\b|\bpc\b|ordinateur|^fixe$",
        "desktop",
    ),
    (r"commutateur|switch", "network_switch"),
    (r"pare.?feu|firewall|\butm\b", "firewall"),
    (
        r"borne (wi.?fi|radio)|point d.?acces|access point|\bwi.?fi\b|\bwlan\b|\bap\b|\bborne\b",
        "wifi_ap",
    ),
    (r"routeur|router|\bbox\b|passerelle|gateway", "router"),
    (r"baie de stockage|stockage|\bnas\b|\bsan\b|storage", "storage"),
    (r"serveur|server|hyperviseur", "server"),
    (
        r"onduleur|\bups\b|\bscanner\b|numeriseur|webcam|casque|visioconference|"
        r"disque dur externe|\bautre\b|\bother\b|divers",
        "other",
    ),
)

#: Model-name patterns, for rows whose type is empty or missing.
MODEL_PATTERNS: Final[tuple[tuple[str, str], ...]] = (
    (r"\bwd\d{2}|thunderbolt dock|usb.?c dock|\bdock\b|docking|port replicator", "docking_station"),
    (r"\bwyse\b|\bt6[34]0\b|\bigel\b|\bud[237]\b", "thin_client"),
    (
        r"\bimac\b|eliteone|proone|thinkcentre m\d+a|\baio\b|all.?in.?one|\binspiron 24\b|"
        r"\bv[0-9]{3}a\b",
        "all_in_one",
    ),
    (
        r"thinkstation|\bz[248]\b g\d|\bz[0-9]? ?g[45]\b tower|precision (t|\d{4} tower)|"
        r"precision \d{4} (tour|tower)|celsius",
        "workstation",
    ),
    (
        r"latitude|thinkpad|elitebook|probook|zbook|macbook|\bxps\b|ideapad|travelmate|"
        r"\bswift\b|\baspire\b|vostro \d{4}|lifebook|dynabook|tecra|portege|surface (laptop|book)|"
        r"chromebook|\bexpertbook\b|\bzenbook\b|\bvivobook\b|precision \d{4}$|\bx1 carbon\b|"
        r"\bt14\b|\bl14\b|\be14\b",
        "laptop",
    ),
    (
        r"optiplex|prodesk|elitedesk|thinkcentre|veriton|mac ?mini|esprimo|\bpro ?desk\b|"
        r"\bm7\d{2}[qst]?\b|\bm9\d{2}[qst]?\b|expertcenter|\bvostro\b|\bprecision\b",
        "desktop",
    ),
    (
        r"thinkvision|prolite|\bp2[0-9]{3}[a-z]*\b|\bu2[0-9]{3}[a-z]*\b|\be2[0-9]{3}[a-z]*\b|"
        r"\bse2[0-9]{3}[a-z]*\b|\bs2[0-9]{3}[a-z]*\b|\bp27[0-9a-z]*\b|\be2[0-9] g\d\b|"
        r"\bp2[0-9]h\b|\bz2[0-9][a-z]?\b|\b2[0-9]mk\d+|\bxub\d+|\bb2[0-9]{2}|\b24[0-9]{2}[a-z]?\b"
        r"|\bvg2[0-9]|\bgw2[0-9]|\bbl2[0-9]|\b24e|\b27e|moniteur|monitor|\becran\b",
        "monitor",
    ),
    (r"\bipad\b|galaxy tab|\btab [as]\d|surface (pro|go)|mediapad|\btablet", "tablet"),
    (
        r"\biphone\b|galaxy [asmz]\d|\bpixel \d|fairphone|crosscall|\bxcover\b|\bmoto g|"
        r"redmi|nokia [gx]\d",
        "smartphone",
    ),
    (
        r"\bvvx\b|\bccx\b|yealink|\bt[2-5]\d[a-z]?\b|\bcp-?\d{4}|\b80[0-9]{2}s?\b deskphone|"
        r"alcatel.*\b8[0-9]{3}\b|\bsnom\b|gigaset",
        "ip_phone",
    ),
    (
        r"imagerunner|\bir.?adv|altalink|versalink|workcentre|taskalfa|bizhub|\bmx-\d|"
        r"ricoh (im|mp)|\bim c\d|\bmp c\d|ecosys m|\bmfc-|\bmfp\b|color laserjet pro mfp|"
        r"laserjet.*mfp|officejet pro",
        "mfp",
    ),
    (
        r"laserjet|pagewide|ecosys p|\bhl-|\bml-\d|\bc[0-9]{4}dn\b|\bb[0-9]{3}dn\b|"
        r"\bworkforce\b|ecotank|designjet|plotter",
        "printer",
    ),
    (
        r"catalyst|\bnexus\b|aruba (2[0-9]{3}|6[0-9]{3}|cx)|\bjl[0-9]{3}a\b|officeconnect|procurve|"
        r"\bsg[0-9]{3}|\bcbs[0-9]{3}|\bgs[0-9]{3}|\bex[0-9]{4}\b|\bswitch\b|\bcommutateur\b|"
        r"\bunifi switch|\busw\b",
        "network_switch",
    ),
    (
        r"\bap-?[0-9]{3}\b|\biap\b|\bunifi (ap|u6)|\buap\b|\bmr[0-9]{2}\b|\bwax\d|aironet|"
        r"\bborne\b|access point",
        "wifi_ap",
    ),
    (
        r"fortigate|\bfg-?\d|stormshield|\bsn[0-9]{3,4}\b|\bpa-\d{3,4}|sophos xg|\basa ?55",
        "firewall",
    ),
    (r"\bisr ?\d|\bmx[0-9]{2}\b|livebox|freebox|\brouter\b|\brouteur\b", "router"),
    (
        r"poweredge|proliant|thinksystem|primergy|\bdl[0-9]{3}\b|\bml[0-9]{3}\b|\br[0-9]{3}\b|"
        r"\bserveur\b|\bserver\b",
        "server",
    ),
    (
        r"powervault|powerstore|unity|netapp|\bfas[0-9]{3,4}|synology|\bds[0-9]{3,4}|\brs[0-9]{3,4}|"
        r"qnap|\bts-\d|\bmsa ?[0-9]{4}|nimble|equallogic|\bnas\b",
        "storage",
    ),
    (r"\beb-|\bvpl-|optoma|\bprojector\b|videoprojecteur|\bmx5[0-9]{2}\b", "projector"),
    (r"back.?ups|smart.?ups|\bups\b|onduleur|eaton (5|9)|\bscanjet\b|\bscansnap\b", "other"),
)

_TYPE_RE = tuple((re.compile(p), c) for p, c in TYPE_PATTERNS)
_MODEL_RE = tuple((re.compile(p), c) for p, c in MODEL_PATTERNS)


def fold(text: str) -> str:
    """Lowercase ASCII with single spaces: what the patterns are written against."""
    return " ".join(re.sub(r"[_/]+", " ", factors_text.fold(text).lower()).split())


#: Category codes, their labels in every language, and the NumEcoEval types
#: (``Fixed phone``, ``Storage server``…), as typed text.
_LABELS: Final[dict[str, str]] = {
    **{fold(text): code for text, code in TYPE_CATEGORIES.items()},
    **{
        fold(text): code
        for code, labels in CATEGORIES.items()
        for text in (code, code.replace("_", " "), *labels)
    },
}
#: Folded NumEcoEval type names that several categories are exported as.
_SHARED_TYPES: Final[frozenset[str]] = frozenset(
    fold(name) for name in TYPE_CATEGORIES if list(CATEGORY_TYPES.values()).count(name) > 1
)


@lru_cache(maxsize=65536)
def category_from_type(text: str) -> str | None:
    """The category named by a type text, or None when the text says nothing known."""
    folded = fold(text)
    if not folded:
        return None
    if folded in _LABELS:
        return _LABELS[folded]
    for pattern, code in _TYPE_RE:
        if pattern.search(folded):
            return code
    return None


def shared_type(text: str) -> bool:
    """Whether ``text`` is a NumEcoEval type several categories are exported as
    (``Desktop``: desktop, all-in-one, thin client, workstation), which the model
    may then narrow down (factors/numecoeval.py)."""
    return fold(text) in _SHARED_TYPES


@lru_cache(maxsize=65536)
def category_from_model(text: str) -> str | None:
    """The category a model name implies (``Latitude 5420`` → laptop), or None."""
    folded = fold(text)
    if not folded:
        return None
    for pattern, code in _MODEL_RE:
        if pattern.search(folded):
            return code
    return None


def suggest_category(text: str) -> str | None:
    """The closest known category label for an unknown type text, for the message."""
    folded = fold(text)
    matches = get_close_matches(folded, list(_LABELS), n=1, cutoff=0.5)
    if not matches:
        return None
    return CATEGORIES[_LABELS[matches[0]]][0]
