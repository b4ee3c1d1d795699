"""Build the preset dictionaries that pack merge images (`workbench/store/column_types.py`) and
source records (`workbench/store/record_packing.py`).

zlib compresses a merge's before-image (ten kilobytes of JSON, mostly the same column names,
field names and explanation entries in every merge) to half the size when it starts from a
dictionary of such text. The dictionary is made once from merges of the app's own demo data
(fictional people), and never changes: every image packed with it needs it to be read back.
A new dictionary goes to a new file and a new mark; the old ones stay.

    python tools/build_packing_dictionary.py resources/packing/merge_images_1.zdict
    python tools/build_packing_dictionary.py resources/packing/source_records_1.zdict

A source record's raw cells and payload pack to a third of their JSON from a dictionary of such
records: their keys, and the words every list has (kinds of contact point, consent, countries).
That dictionary is made from the demo data's records, written as the import stores them.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from workbench.matching import auto_merge_groups  # noqa: E402
from workbench.matching.run import run_matching  # noqa: E402
from workbench.sample.generator import generate  # noqa: E402
from workbench.sample.load import load_sample  # noqa: E402
from workbench.stewardship.bulk import merge_groups  # noqa: E402
from workbench.store import json_text  # noqa: E402
from workbench.store.column_types import PackedJSON  # noqa: E402
from workbench.store.master import open_master  # noqa: E402
from workbench.store.models import MergeEvent  # noqa: E402

SIZE = 8 * 1024  # bigger dictionaries pack a little better and cost more time per image
EVENTS = 40


def build() -> bytes:
    PackedJSON.SMALL = sys.maxsize  # the images stored as they are: there is no dictionary yet
    with tempfile.TemporaryDirectory() as folder:
        master = open_master(Path(folder) / "dictionary.sqlite")
        try:
            load_sample(master, generate(600, seed=20261205))
            run_matching(master)
            with master.session() as session:
                groups = auto_merge_groups(session)
            merge_groups(master, groups)
            with master.session() as session:
                events = session.execute(select(MergeEvent.before, MergeEvent.picks).order_by(MergeEvent.id)
                                         .limit(EVENTS)).all()
        finally:
            master.close()
    # What zlib finds nearest the end of the dictionary costs the fewest bits: the images last, and
    # of them the smallest (a merge of two customers), whole, rather than a piece of a big one.
    text = "".join(json_text.dumps(picks) for _before, picks in events[:2])
    text += "".join(sorted((json_text.dumps(before) for before, _picks in events), key=len)[:6])
    return text.encode("utf-8")[-SIZE:]


RECORDS_SIZE = 7 * 1024 + 512  # the window is 8 KB: a record of up to 512 bytes sees all of it
RECORDS = 400


def build_records() -> bytes:
    from workbench.ingest.prepare import stored_texts
    from workbench.sample.load import HEADERS
    from workbench.standardize.record import standardize_row
    from workbench.store.compact import raw_form
    from workbench.store.customers import ensure_one_primary
    from workbench.store.record_packing import SEPARATOR

    texts = []
    for sample in generate(RECORDS, seed=20261206).records:
        _headings, cells = raw_form({HEADERS[sample.source].get(t, t): v for t, v in sample.pairs})
        record = standardize_row(sample.pairs)
        for points in (record.emails, record.phones, record.addresses):
            ensure_one_primary(points)  # as `prepare` does
        texts.append(SEPARATOR.join(stored_texts(cells, record)))
    # As generated: records of every demo system mixed (sorted by system or by length, they
    # packed the import benchmark's rows and Febrl's 10-30 % worse).
    return "".join(texts).encode("utf-8")[-RECORDS_SIZE:]


BUILDERS = {"merge_images": build, "source_records": build_records}


if __name__ == "__main__":
    target = Path(sys.argv[1])
    if target.exists():
        sys.exit(f"{target} exists: a packing dictionary never changes once images were packed with it")
    target.write_bytes(BUILDERS[target.stem.rsplit("_", 1)[0]]())
    print(f"{target}: {target.stat().st_size:,} bytes")
