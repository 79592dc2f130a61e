"""Chart labels render with full Vietnamese diacritics: the report font has every glyph."""
from __future__ import annotations

from dti_kit import list_designs
from dti_kit.labels import LABELS
from dti_kit.plotting import FONT, missing_glyphs


def test_font_covers_every_vietnamese_letter():
    letters = ("aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ")
    assert missing_glyphs(letters + letters.upper(), FONT) == set()


def test_font_covers_every_name_a_chart_shows():
    designs = list_designs()
    text = " ".join(m.name for d in designs for m in d.main_indicators)
    text += " ".join(p.name for d in designs for p in d.pillars)
    text += " ".join(d.province for d in designs)
    text += " ".join(v["vi"] for v in LABELS.values())
    text += " ".join(b.label for d in designs if d.bands for b in d.bands.bands)
    assert missing_glyphs(text, FONT) == set()


def test_png_of_a_chart_is_deterministic(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from dti_kit.plotting import setup

    setup()
    for name in ("a", "b"):
        fig, ax = plt.subplots()
        ax.set_title("Hoạt động chính quyền số — Đô thị thông minh")
        ax.bar(["Lạc Sơn", "Đà Bắc"], [1, 2])
        fig.savefig(tmp_path / f"{name}.png")
        plt.close(fig)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
