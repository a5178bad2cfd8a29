"""Case files from and to an Excel/WPS workbook: the blank template, import, export (issue 16).

The layout is derived from the case-file model (`layout`); cells are read and written by `cells`; a
workbook is read by `reader` and written by `writer`; its 说明 sheet and docs/case-file-fields.md come
from `guide`; `casefiles` turns imported cases into JSON files and case files into a workbook.
"""
