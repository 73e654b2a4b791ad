"""Seeded generator of ecoparc's sample data (``samples/``) and of large benchmark fleets.

``python -m samples`` rewrites the committed sample files, ``python -m samples
--large 1000000 --out DIR`` writes a benchmark fleet (xlsx + csv +
``manifest-large.json``, not committed). From Python, :func:`generate_fleet` gives
the same kind of fleet as a DataFrame with the canonical English field names,
without any file in between.

Why a generator rather than hand-made files: the samples must look like what the
IT departments of the métropole and its communes really bring (a hand-kept Excel
sheet, GLPI exports, a NumEcoEval file), defects included, and the tests need to
know exactly what an importer should make of them. The generator writes the
files and, from the same draw, ``manifest.json`` with the expected counts and
the rows an importer must reject. Everything derives from a fixed seed and a
fixed reference date (:mod:`samples.base`), and xlsx timestamps are pinned, so
two runs give byte-identical files.

The package: the model catalogue is data (``data/catalogue.csv``,
:mod:`samples.catalogue`); :mod:`samples.entities` the organisations;
:mod:`samples.fleet` the seeded draw; one module per output shape
(:mod:`samples.metropole`, :mod:`samples.glpi`, :mod:`samples.numecoeval`,
:mod:`samples.sarcenas`) on the common :mod:`samples.shapes`; :mod:`samples.build`
writes them all with the manifest; ``python -m samples`` is the entry point.
"""

from .base import CANONICAL_COLUMNS, REFERENCE_DATE, SAMPLES_DIR, SEED
from .build import build_samples, write_large, write_samples
from .catalogue import windows11_capable
from .fleet import generate_fleet

__all__ = [
    "CANONICAL_COLUMNS",
    "REFERENCE_DATE",
    "SAMPLES_DIR",
    "SEED",
    "build_samples",
    "generate_fleet",
    "windows11_capable",
    "write_large",
    "write_samples",
]
