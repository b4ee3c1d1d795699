"""A corpus of files an import must refuse cleanly: one clear line, exit 1, master unchanged.

Each file is generated (small on disk, nothing binary kept in the repository):

    python tests/hostile_files.py OUTPUT_DIR
"""

from __future__ import annotations

import random
import sys
import zipfile
from pathlib import Path

from workbooks import ODS_MANIFEST, Sheet, sheet_xml, write_ods, write_xlsx

# name → (how to make it, a phrase the one-line error must contain)
CORPUS: dict[str, tuple[str, str]] = {}


def _noise(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


def corpus_entry(name: str, expected: str):
    def register(fn):
        CORPUS[name] = (fn.__name__, expected)
        return fn
    return register


@corpus_entry("empty.csv", "the file is empty")
def empty(path: Path) -> None:
    path.write_bytes(b"")


@corpus_entry("only-blank-lines.csv", "the file is empty")
def blank(path: Path) -> None:
    path.write_bytes(b"\r\n\r\n   \r\n")


@corpus_entry("picture.xlsx", "is a PNG image")
def png(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _noise(1, 2000))


@corpus_entry("report.csv", "is a PDF document")
def pdf(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")


@corpus_entry("noise.xls", "this .xls file is damaged or is not an Excel workbook")
def noise(path: Path) -> None:
    path.write_bytes(_noise(2, 4096))


@corpus_entry("binary.csv", "not a text table")
def binary(path: Path) -> None:
    path.write_bytes(b"Name,Email\n" + _noise(3, 4096))


@corpus_entry("truncated.xlsx", "this .xlsx file is damaged or is not an Excel workbook (it may be cut off")
def truncated(path: Path) -> None:
    rows = [["Email", "Name"]] + [[f"p{i}@example.org", f"Person {i}"] for i in range(3000)]
    write_xlsx(path, [Sheet("Kunden", rows)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@corpus_entry("encrypted.xlsx", "password-protected")
def encrypted(path: Path) -> None:
    # What Excel writes for a workbook with a password: an OLE2 container with an EncryptedPackage stream.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "EncryptedPackage".encode("utf-16-le") + bytes(64) + "EncryptionInfo".encode("utf-16-le")
    path.write_bytes(header + directory + bytes(4096))


@corpus_entry("zip-bomb.xlsx", "zip bomb")
def zip_bomb(path: Path) -> None:
    write_xlsx(path, [Sheet("Kunden", [["Email"], ["a@example.org"]])])
    block = b" " * (1 << 20)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/media/padding.xml", "w") as member:
        for _ in range(64):  # 64 MB of spaces squeeze into about 64 KB
            member.write(block)


@corpus_entry("stray-far-cell.xlsx", "stray cell")
def far_cell(path: Path) -> None:
    sheet = Sheet("Kunden", [["Email", "Name"], ["a@example.org", "Ann"]],
                  extra_cells='<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')
    write_xlsx(path, [sheet])


@corpus_entry("stray-far-cell.ods", "stray cell")
def far_cell_ods(path: Path) -> None:
    write_ods(path, [Sheet("Kunden", [["Email", "Name"], ["a@example.org", "Ann"]])], trailing_empty_rows=1_048_500)
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml").decode("utf-8")
    content = content.replace("</table:table>", (
        '<table:table-row><table:table-cell table:number-columns-repeated="16000"/><table:table-cell '
        'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>'))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("content.xml", content)


@corpus_entry("entity-bomb.xlsx", "declares XML entities")
def entity_bomb(path: Path) -> None:
    lol = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                                      for i in range(1, 10)]
    xml = sheet_xml(Sheet("Kunden", [["Email"], ["&lol9;"]])).replace(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE worksheet [' + "".join(lol) + "]>\n")
    xml = xml.replace("<t xml:space=\"preserve\">&amp;lol9;</t>", "<t>&lol9;</t>")
    write_xlsx(path, [Sheet("Kunden", [])], sheet_xml_override={1: xml})


@corpus_entry("not-a-workbook.xlsx", "is not an Excel workbook")
def plain_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "just a zip")


@corpus_entry("broken-xml.xlsx", "cannot be read")
def broken_xml(path: Path) -> None:
    write_xlsx(path, [Sheet("Kunden", [])],
               sheet_xml_override={1: '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" '
                                      't="inlineStr"><is><t>Email</t></row></sheetData>'})


@corpus_entry("all-hidden.xlsx", "every sheet is hidden")
def all_hidden(path: Path) -> None:
    write_xlsx(path, [Sheet("Kunden", [["Email"], ["a@example.org"]], hidden=True)])


@corpus_entry("quotes-broken-throughout.csv", "rows have a quote")
def quotes_broken(path: Path) -> None:
    # A stray quote here and there costs its row; a file of them cannot be told into rows at all.
    lines = ["Name,Email,City"] + [f'P{i},"p{i}@example.org,Köln\nQ{i},q{i}@example.org,Bonn' for i in range(150)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@corpus_entry("truncated.ods", "this .ods file is damaged or is not an OpenDocument spreadsheet")
def truncated_ods(path: Path) -> None:
    rows = [["Email", "Name"]] + [[f"p{i}@example.org", f"Person {i}"] for i in range(3000)]
    write_ods(path, [Sheet("Kunden", rows)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@corpus_entry("damaged-content.ods", "this .ods file is damaged")
def damaged_ods(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("content.xml", "<office:document-content><office:body><table:tab")


@corpus_entry("truncated.xls", "this .xls file is damaged")
def truncated_xls(path: Path) -> None:
    path.write_bytes((Path(__file__).parent / "data" / "kunden.xls").read_bytes()[:3000])


@corpus_entry("no-zip.xlsx", "this .xlsx file is damaged")
def no_zip(path: Path) -> None:
    path.write_bytes(bytes(2048) + _noise(4, 2048))


@corpus_entry("empty.xlsx", "the file is empty")
def empty_workbook(path: Path) -> None:
    path.write_bytes(b"")


@corpus_entry("login-page.csv", "is a web page without a table")
def login_page(path: Path) -> None:
    path.write_text("<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form action=/login>"
                    "<input name=user></form></body></html>\n", encoding="utf-8")


@corpus_entry("instructions-and-pivot.xlsx", "no sheet of this workbook holds a table of customers")
def no_customer_sheet(path: Path) -> None:
    write_xlsx(path, [Sheet("Instructions", [["How to use this workbook"], ["Fill in the second sheet."]]),
                      Sheet("Pivot", [["Row Labels", "Sum of Sales"], ["North", 12], ["Grand Total", 12]])])


@corpus_entry("cut-off-xml.xls", "this Excel XML spreadsheet is damaged")
def cut_off_xml(path: Path) -> None:
    path.write_text('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="K"><Table>'
                    '<Row><Cell><Data ss:Type="String">Email</Data></Cell></Row><Row><Cell><Data ss:Ty',
                    encoding="utf-8")


@corpus_entry("entity-bomb-xml.xls", "declares XML entities")
def xml_entity_bomb(path: Path) -> None:
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE Workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>\n'
                    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="K"><Table><Row>'
                    '<Cell><Data ss:Type="String">&b;</Data></Cell></Row></Table></Worksheet></Workbook>',
                    encoding="utf-8")


@corpus_entry("truncated.vcf", "the file is truncated")
def truncated_vcard(path: Path) -> None:
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo",
                    encoding="utf-8")


@corpus_entry("folder.csv", "is a folder")
def folder(path: Path) -> None:
    path.mkdir()


def make(folder_path: Path) -> dict[str, tuple[Path, str]]:
    folder_path.mkdir(parents=True, exist_ok=True)
    made = {}
    for name, (function, expected) in CORPUS.items():
        path = folder_path / name
        globals()[function](path)
        made[name] = (path, expected)
    return made


if __name__ == "__main__":
    for path, _expected in make(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")).values():
        print(path)
