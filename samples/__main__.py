"""``python -m samples``: rewrite ``samples/`` (or ``--out DIR``), or write a large fleet."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .base import SAMPLES_DIR, SEED
from .build import write_large, write_samples


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--large", type=int, metavar="N", help="write a benchmark fleet of N rows")
    parser.add_argument(
        "--out", type=Path, help="output folder (default: samples/ or samples/large/)"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if args.large is not None:
        if args.large < 1:
            parser.error("--large needs a positive number of rows")
        out = args.out or SAMPLES_DIR / "large"
        manifest = write_large(args.large, out, args.seed)
        print(f"{manifest['rows']} lignes, {manifest['units']} unités → {out}")
    else:
        out = args.out or SAMPLES_DIR
        manifest = write_samples(out, args.seed)
        totals = manifest["totals"]
        print(
            f"{totals['files']} fichiers, {totals['records']} enregistrements attendus, "
            f"{totals['units']} unités, {totals['rejects']} rejets attendus → {out}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
