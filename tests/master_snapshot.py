"""A master's imported content, record by record, in a form two masters can be compared in.

`import_corpus` imports the same files in the same order (every layout of the import corpus,
and a generated webshop list); `snapshot` reads back what a reader of the master sees: each
source record's raw cells, standardized payload, content hash and issues, each customer's own
columns and each contact point. Times of writing are left out (they say when, not what).
`tests/data/masters/before_0901.sqlite` was made by `import_corpus` with the code of revision
0801, before source records were stored compactly (see test_compact_storage.py).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

from import_corpus import TUNING, layouts
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from workbench.store.master import Master
from workbench.store.models import Address, Customer, Email, ImportBatch, Phone, Source, SourceRecord

FIXTURE = Path(__file__).parent / "data" / "masters" / "before_0901.sqlite"
WHEN = frozenset({"created_at", "updated_at"})


def export_files() -> list[Path]:
    return [next(p for p in sorted(folder.iterdir()) if p.name != "expected.json") for folder in layouts(TUNING)]


def webshop_csv(path: Path, rows: int = 300) -> Path:
    from benchmarks.bench_import import HEADER, make_rows

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        rng = random.Random(3)
        for row in make_rows(rows, seed=11):
            if rng.random() < 0.1:  # some cells left empty, as real lists have them
                row[rng.randrange(1, len(row))] = ""
            writer.writerow(row)
    return path


def import_corpus(master: Master, folder: Path) -> None:
    from workbench.ingest.importer import import_file

    for path in [*export_files(), webshop_csv(folder / "webshop.csv")]:
        import_file(master, path, workers=0)


def _columns(row: Any, skip: frozenset[str] = WHEN) -> dict[str, Any]:
    return {a.key: getattr(row, a.key) for a in sa_inspect(type(row)).column_attrs
            if a.key not in skip and a.key not in ("raw_cells", "headings_id")}


def snapshot(master: Master) -> dict[str, Any]:
    with master.session() as session:
        records = []
        for record, source, batch_file in session.execute(
                select(SourceRecord, Source.name, ImportBatch.file_name)
                .join(Source, Source.id == SourceRecord.source_id)
                .join(ImportBatch, ImportBatch.id == SourceRecord.batch_id).order_by(SourceRecord.id)):
            records.append({"source": source, "file": batch_file, "key": record.source_key,
                            "record_no": record.record_no, "hash": record.record_hash, "raw": record.raw,
                            "raw_order": list(record.raw), "fields": record.fields, "issues": record.issues,
                            "customer_id": record.customer_id})
        customers = [_columns(c) for c in session.scalars(select(Customer).order_by(Customer.id))]
        points = {model.__tablename__: [_columns(p) for p in session.scalars(select(model).order_by(model.id))]
                  for model in (Email, Phone, Address)}
    return {"records": records, "customers": customers, **points}
