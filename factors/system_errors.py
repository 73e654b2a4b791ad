"""The system's refusals of a file (:class:`OSError`) in French words.

A person reading « lecture impossible (Permission denied) » meets the system's English
inside a French line; the reasons a person can meet when ecoparc reads or writes a
file they named are said in words here, any other by its number.
"""

from __future__ import annotations

import errno
from typing import Final

_WORDS: Final[dict[int, str]] = {
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération interdite",
    errno.ENOENT: "fichier introuvable",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.EIO: "erreur de lecture ou d'écriture du support",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ELOOP: "trop de liens symboliques enchaînés",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.ENFILE: "trop de fichiers ouverts sur le système",
    errno.ENOMEM: "mémoire insuffisante",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EROFS: "support en lecture seule",
    errno.ENXIO: "périphérique absent",
    errno.ENODEV: "périphérique absent",
    errno.EBUSY: "fichier ou périphérique occupé",
    errno.ETXTBSY: "fichier occupé",
    errno.EAGAIN: "ressource momentanément indisponible",
    errno.ESTALE: "partage réseau perdu",
    errno.ETIMEDOUT: "délai dépassé (partage réseau injoignable ?)",
    errno.EHOSTDOWN: "partage réseau injoignable",
    errno.EHOSTUNREACH: "partage réseau injoignable",
}


def in_words(exc: OSError) -> str:
    """Why the system refused, in French: « accès refusé », « fichier introuvable »…;
    an error no person meets with a file is given by its number."""
    words = _WORDS.get(exc.errno) if exc.errno is not None else None
    if words is not None:
        return words
    return f"erreur système n° {exc.errno}" if exc.errno else "erreur système"
