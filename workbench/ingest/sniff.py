"""What a file is: its format from its first bytes (then its name), a text file's encoding and delimiter.

Nothing here trusts the extension alone: an .xlsx renamed .csv is still read as a workbook,
and a PDF renamed .csv is refused as "not a text table" rather than imported as garbage.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.ingest.workbook_guard import damaged

TEXT_EXTENSIONS = {".csv", ".tsv", ".txt", ".tab", ".dat", ""}
SHEET_EXTENSIONS = {".xlsx": "xlsx", ".xlsm": "xlsm", ".xls": "xls", ".ods": "ods", ".xlsb": "xlsb"}
VCARD_EXTENSIONS = {".vcf", ".vcard"}
SUPPORTED_EXTENSIONS = sorted(TEXT_EXTENSIONS - {""} | set(SHEET_EXTENSIONS) | VCARD_EXTENSIONS)
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
SNIFF_BYTES = 256 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
                 b"GIF8": "a GIF image", b"\x1f\x8b": "a gzip archive", b"7z\xbc\xaf": "a 7-Zip archive",
                 b"Rar!": "a RAR archive", b"SQLite format 3": "a SQLite database", b"\x7fELF": "a program"}


def read_head(path: Path, size: int = SNIFF_BYTES) -> bytes:
    """The first bytes of a file, with the problems of opening it as one clear message."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except FileNotFoundError:
        raise WorkbenchError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise WorkbenchError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise WorkbenchError(f"{path}: permission denied (the file cannot be read)") from None
    except OSError as exc:
        raise WorkbenchError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def detect_format(path: Path, head: bytes) -> str:
    """csv (any delimited text), xlsx, xlsm, xls, ods or vcf."""
    suffix = path.suffix.lower()
    if not head:
        raise WorkbenchError(f"{path.name}: the file is empty")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        # The names of the first members say which workbook it is, whatever the file is called.
        if b"application/vnd.oasis.opendocument.spreadsheet" in head[:200]:
            return "ods"
        if suffix == ".ods" and b"[Content_Types].xml" not in head and b"xl/" not in head:
            return "ods"
        return SHEET_EXTENSIONS[suffix] if suffix in (".xlsm", ".xlsb") else "xlsx"
    if head.startswith(_OLE):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in head:
            raise WorkbenchError(f"{path.name}: the workbook is password-protected (encrypted); "
                                 "save an unprotected copy and import that")
        return "xls"
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise WorkbenchError(f"{path.name}: is {what}, not a customer list (CSV, Excel, ODS or vCard)")
    start = _text_start(head)
    if suffix in SHEET_EXTENSIONS and start is None:
        raise damaged(path.name)
    markup = _markup(path, start or "")
    if markup == "page":
        raise WorkbenchError(f"{path.name}: is a web page without a table, not a customer list (a download that "
                             "went wrong, such as a login page?): download or export it again")
    if markup:
        return markup
    if suffix in SHEET_EXTENSIONS:
        return "csv"  # tab- or comma-separated text that a system named as an Excel file: read as what it is
    if suffix in VCARD_EXTENSIONS or (start or "")[:11].upper() == "BEGIN:VCARD":
        return "vcf"
    return "csv"


def _text_start(head: bytes) -> str | None:
    """The start of the file as text, or None when its bytes are not text (binary, damaged)."""
    sample = head[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = sample.decode("utf-16", errors="replace")
    elif b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > len(odd) * 0.7 and even.count(0) < len(even) * 0.1:
            text = sample.decode("utf-16-le", errors="replace")
        elif even.count(0) > len(even) * 0.7 and odd.count(0) < len(odd) * 0.1:
            text = sample.decode("utf-16-be", errors="replace")
        else:
            return None
    else:
        text = sample.decode("utf-8", errors="replace")
    controls = sum(1 for char in text if char < " " and char not in "\t\r\n\f\x1a")
    if controls > len(text) // 100 + 1:
        return None
    return text.lstrip("\ufeff \t\r\n")


def _markup(path: Path, start: str) -> str | None:
    """"html" (a page with a table), "xml" (an Excel 2003 XML spreadsheet), "page" (a page without a
    table) or None (not markup)."""
    lowered = start[:4096].lower()
    if not lowered.startswith("<"):
        return None
    if "urn:schemas-microsoft-com:office:spreadsheet" in lowered and "<workbook" in lowered:
        return "xml"
    if not lowered.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body", "<!--", "<style",
                               "<title", "<?xml")) or (lowered.startswith("<?xml") and "<html" not in lowered):
        return None
    return "html" if _has_table(path) else "page"


def _has_table(path: Path) -> bool:
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            data = (tail + chunk).lower()
            if b"<table" in data or b"<\x00t\x00a\x00b\x00l\x00e" in data:
                return True
            tail = data[-16:]
    return False


def detect_encoding(path: Path, head: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM or clear zero-byte pattern), a legacy encoding of Japanese,
    Chinese, Korean, Cyrillic, Greek … (text dense with such letters), else Windows-1254 (Turkish) / 1250 /
    1252 / Latin-1."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE starts both
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > len(odd) * 0.7 and even.count(0) < len(even) * 0.1:
            return "utf-16-le"
        if even.count(0) > len(even) * 0.7 and odd.count(0) < len(odd) * 0.1:
            return "utf-16-be"
        raise WorkbenchError(f"{path.name}: is not a text table (it contains binary data)")
    if _is_utf8(path):
        return "utf-8"
    dense = _dense_script(head)
    if dense:
        return dense
    if _turkish(head):
        return "cp1254"
    if _central_european(head):
        return "cp1250"
    # Bytes Windows-1252 leaves undefined only appear in Latin-1 text.
    return "latin-1" if any(b in head for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")) else "cp1252"


# Bytes that Windows-1250 (Polish, Czech, Slovak, Hungarian, Romanian, Croatian …) reads as letters
# and Windows-1252 as signs: ł ą ş ţ Ş Ţ Ą Ł ż ľ Ľ ť Ť Ź ź (³ ¹ º þ ª Þ ¥ £ ¿ ¾ ¼ Ÿ and bytes Windows-1252
# leaves undefined), and ě (ì, which Italian writes only at the end of a word). Inside a word, or
# starting one (Łódź, Ştefan), they are letters: the file was saved in Windows-1250. Hungarian ő is
# Windows-1252's õ, which Portuguese writes only before e ("ações"): "Első", "Kőszegi" are Hungarian.
# Slovene, Croatian and Czech č is Windows-1252's è, which French, Italian and Catalan never write
# before a vowel ("Kovačič", "Plačano" came in as "Kovaèiè", "Plaèano"); the surnames' ending -ić
# is "iæ", which Danish and Norwegian never write. Czech ř before í, á, é is "øí", "øá", "øé" (Danish ø
# never stands before those), and ů is "ù", which French writes only in "où".
_CENTRAL_LETTERS = re.compile(rb"[A-Za-z\xc0-\xff][\xb3\xb9\xba\xfe\xaa\xde\xa5\xa3\xbf\xbe\xbc\x9d\x8d\x8f\x9f\xec]"
                              rb"(?=[A-Za-z\xc0-\xff])|(?<![A-Za-z\xc0-\xff])[\xa3\xa5\xaa\xde\x8f](?=[a-z\xe0-\xfe])"
                              rb"|[A-Za-z\xc0-\xff]\xf5(?![e\xe3])|[A-Z\xc0-\xde]\xd5(?![E\xc3])"
                              rb"|[A-Za-z]\xe8[aiou]|i\xe6(?![A-Za-z\xc0-\xff])"
                              rb"|[A-Za-z][\xf8\xd8][\xed\xe1\xe9]|[A-Za-np-z]\xf9")


# The legacy encodings of scripts whose every letter is above ASCII: Japanese, Chinese and Korean (a
# Japanese shop system's CSV is Shift_JIS), Cyrillic (Excel in Russia saves CSV as Windows-1251),
# Greek, Hebrew, Arabic, Thai.
_DENSE_SCRIPTS = {"cp932", "shift_jis", "euc_jp", "iso2022_jp", "gb18030", "gb2312", "gbk", "big5", "big5hkscs",
                  "cp950", "cp949", "euc_kr", "johab", "cp1251", "koi8_r", "koi8_u", "cp866", "mac_cyrillic",
                  "iso8859_5", "cp1253", "iso8859_7", "cp1255", "iso8859_8", "cp1256", "iso8859_6", "cp874", "tis_620"}
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_LETTER_BYTE = re.compile(rb"[A-Za-z\x80-\xff]")


def _dense_script(head: bytes) -> str | None:
    """The encoding of a text dense with bytes above ASCII, as charset-normalizer tells it.

    Western text has a letter above ASCII here and there; text in Chinese characters, kana, Hangul,
    Cyrillic or Greek has one or two in nearly every letter. Only then is the guess asked for, and
    only an answer of those scripts taken: on Western text the Windows-1250 / 1252 rules here know
    better."""
    sample = head[:SNIFF_BYTES]
    letters = len(_LETTER_BYTE.findall(sample))
    if not letters or len(_HIGH_BYTE.findall(sample)) < max(8, letters // 4):
        return None
    from charset_normalizer import from_bytes  # imported here: needed only for these files

    best = from_bytes(sample).best()
    return best.encoding if best is not None and best.encoding in _DENSE_SCRIPTS else None


# Windows-1254 (Turkish): ı ğ ş İ Ş Ğ are Windows-1252's ý ð þ Ý Þ Ð (and Windows-1250's ý đ ţ Ý Ţ Đ).
# Inside words, beside the ü or ç every Turkish text has, and with none of the letters only Czech, Polish,
# Croatian … write (š ž ě ř ł ą) nor the á and æ of Icelandic, whose ý ð þ they would also be: Turkish.
_TURKISH_LETTERS = re.compile(rb"[A-Za-z\xc0-\xff][\xfd\xf0\xfe](?=[A-Za-z\xc0-\xff])|(?<![A-Za-z])[\xdd\xde][a-z]")
_TURKISH_ONLY_WITH = re.compile(rb"[\xfc\xe7\xc7\xdc]")
_NOT_TURKISH = re.compile(rb"[\x8a\x8e\x9a\x9e\xec\xf8\xb3\xb9\xe1\xe6\xc6\xc1\xe8\xf5]")


def _turkish(head: bytes) -> bool:
    sample = head[:SNIFF_BYTES]
    return len(_TURKISH_LETTERS.findall(sample)) >= 2 and bool(_TURKISH_ONLY_WITH.search(sample)) \
        and not _NOT_TURKISH.search(sample)


# Icelandic (and Faroese) in Windows-1252: ð beside a vowel with an acute ("Síðasta", "Héðinn"), or þ / Þ
# in a text with ð ("Þórður", "Guðrún"). Windows-1250 reads ð as đ and þ as ţ, which Croatian and Romanian
# never write together, nor đ beside á, é, í, ó, ú, ý.
_ICELANDIC = re.compile(rb"[\xe1\xe9\xed\xf3\xfa\xfd\xc1\xcd\xd3\xda]\xf0|\xf0[\xe1\xe9\xed\xf3\xfa\xfd]")


def _icelandic(head: bytes) -> bool:
    sample = head[:SNIFF_BYTES]
    return bool(_ICELANDIC.search(sample)) or b"\xf0" in sample and (b"\xfe" in sample or b"\xde" in sample)


def _central_european(head: bytes) -> bool:
    return bool(_CENTRAL_LETTERS.search(head[:SNIFF_BYTES])) and not _icelandic(head)


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the sample's lines into the same number of fields most often."""
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        widths: dict[int, int] = {}
        rows = 0
        try:
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
                if not any(cell.strip() for cell in row):
                    continue
                rows += 1
                widths[len(row)] = widths.get(len(row), 0) + 1
                if rows >= 60:
                    break
        except csv.Error:
            continue
        if not rows:
            continue
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
        if width < 2:
            continue
        score = (round(count / rows, 1), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def decoded_sample(head: bytes, encoding: str) -> str:
    """The start of the file as text, cut at the last complete line."""
    text = head.decode(encoding, errors="replace")
    if len(head) >= SNIFF_BYTES:
        cut = max(text.rfind("\n"), text.rfind("\r"))
        if cut > 0:
            text = text[:cut]
    return text.lstrip("\ufeff")
