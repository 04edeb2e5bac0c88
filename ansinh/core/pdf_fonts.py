"""The Liberation Serif faces as embedded in the PDFs that `core.table_pdf` writes itself.

Each face is subset once per process to the Latin letters Vietnamese needs (Basic Latin, Latin-1,
Latin Extended-A/B, Latin Extended Additional with every precomposed Vietnamese letter, the combining
accents, punctuation and ₫), so every document embeds the same small font program and no document
pays for subsetting. The font files are those of Debian `fonts-liberation2` (Times New Roman
metrics), the files WeasyPrint finds through fontconfig on Debian.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "Liberation Serif"
FONT_DIRECTORY = Path("/usr/share/fonts/truetype/liberation2")
FILE_NAMES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
}
SUBSET_TAGS = {"regular": "ANSREG", "bold": "ANSBLD", "italic": "ANSITA"}  # six capitals: a subset (ISO 32000 9.6.4)
# Unicode blocks kept in the subset: Latin for Vietnamese and the punctuation of official documents.
REPERTOIRE = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x024F),  # Latin Extended-A and B (Đ đ, Ơ ơ, Ư ư)
    (0x0300, 0x036F),  # combining accents
    (0x1EA0, 0x1EF9),  # Latin Extended Additional: the precomposed Vietnamese letters
    (0x2010, 0x2027),  # dashes, quotes, bullets, ellipsis
    (0x2030, 0x203A),  # per mille, guillemets
    (0x20AB, 0x20AB),  # ₫
    (0x2116, 0x2116),  # №
)


@dataclass(frozen=True)
class Face:
    """One embedded face: its font program, its glyph ids and advances, its PDF descriptor figures."""

    style: str
    base_name: str
    program: bytes
    glyphs: dict[str, int] = field(repr=False)
    advances: dict[str, float] = field(repr=False)  # in em
    widths: dict[int, int] = field(repr=False)  # glyph id → advance in 1/1000 em (the PDF's W array)
    ascent: float  # in em, above the baseline
    descent: float  # in em, below the baseline (positive)
    cap_height: float
    bounding_box: tuple[int, int, int, int]
    italic_angle: float

    def width(self, text: str, size: float) -> float:
        """Advance of `text` in points at `size` (no kerning: the table's cells are short)."""
        advances = self.advances
        return sum(advances.get(character, 0.5) for character in text) * size

    def encoded(self, text: str) -> str:
        """`text` as the hex string of its glyph ids (Identity-H), a missing letter as .notdef."""
        glyphs = self.glyphs
        return "".join(f"{glyphs.get(character, 0):04x}" for character in text)


def font_file(style: str) -> Path:
    """The file of Liberation Serif in `style` (Debian's path, checked by bin/check-test-prerequisites)."""
    path = FONT_DIRECTORY / FILE_NAMES[style]
    if not path.is_file():
        raise FileNotFoundError(f"{FAMILY} ({style}) is not installed: apt-get install fonts-liberation2")
    return path


def _repertoire() -> list[int]:
    return [code for start, end in REPERTOIRE for code in range(start, end + 1)]


def _subset_program(path: Path) -> bytes:
    options = subset.Options()
    options.layout_features = []  # no shaping: every Vietnamese letter has its own precomposed glyph
    options.hinting = False
    options.drop_tables += ["FFTM"]  # FontForge's timestamps, which fontTools cannot subset
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    font = TTFont(str(path))
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=_repertoire())
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@functools.cache
def face(style: str) -> Face:
    """The face in `style` ("regular", "bold" or "italic"), subset and measured once per process."""
    program = _subset_program(font_file(style))
    font = TTFont(io.BytesIO(program))
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    order = font.getGlyphOrder()
    ids = {name: index for index, name in enumerate(order)}
    glyphs: dict[str, int] = {}
    advances: dict[str, float] = {}
    for code, name in font.getBestCmap().items():
        character = chr(code)
        glyphs[character] = ids[name]
        advances[character] = metrics[name][0] / units
    head, hhea = font["head"], font["hhea"]
    return Face(
        style=style,
        base_name=f"{SUBSET_TAGS[style]}+{font['name'].getDebugName(6)}",
        program=program,
        glyphs=glyphs,
        advances=advances,
        widths={ids[name]: round(metrics[name][0] * 1000 / units) for name in order},
        ascent=hhea.ascent / units,
        descent=-hhea.descent / units,
        cap_height=getattr(font["OS/2"], "sCapHeight", hhea.ascent) / units,
        bounding_box=(
            round(head.xMin * 1000 / units),
            round(head.yMin * 1000 / units),
            round(head.xMax * 1000 / units),
            round(head.yMax * 1000 / units),
        ),
        italic_angle=float(font["post"].italicAngle),
    )


def printable(text: str) -> str:
    """`text` in composed form (NFC), so that a letter typed with combining accents finds its glyph."""
    return unicodedata.normalize("NFC", text)
