"""Excel input forms: ``dti-kit template`` writes them, :func:`read_workbook` reads them back.

One job per module: :mod:`~dti_kit.forms.layout` (where every cell of a design's form is),
:mod:`~dti_kit.forms.write` (openpyxl workbooks), :mod:`~dti_kit.forms.read` (filled forms → the
long table, every problem located by file, sheet and cell) and :mod:`~dti_kit.forms.guard`
(hostile or broken files refused before openpyxl opens them).

Importing this package registers the reader of ``.xlsx`` files with :mod:`dti_kit.inputs`
(which must not import this layer), so :func:`read_inputs` here reads CSV and Excel alike.
"""
from dti_kit._util.lazy import lazy_exports
from dti_kit.inputs import read_inputs as read_inputs  # re-exported, with the .xlsx reader registered below
from dti_kit.inputs import register_reader

_EXPORTS = {
    "FormLayout": "layout", "form_layout": "layout", "variable_specs": "layout",
    "read_workbook": "read", "read_general_info": "read", "read_meta": "read", "suspicious_self_scores": "read",
    "build_workbook": "write", "form_bytes": "write", "write_form": "write", "write_forms": "write",
    "read_unit_list": "write", "Limits": "guard", "check_xlsx": "guard",
}
__all__ = sorted([*_EXPORTS, "read_inputs"])
__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)


def _read_xlsx(path, **kwargs):
    """The ``.xlsx`` reader of :func:`read_inputs`: openpyxl loads only when a workbook is read."""
    from dti_kit.forms.read import read_workbook

    return read_workbook(path, **kwargs)


register_reader(".xlsx", _read_xlsx)
register_reader(".ods", _read_xlsx)  # LibreOffice's own format: read_workbook opens it as the same workbook model
