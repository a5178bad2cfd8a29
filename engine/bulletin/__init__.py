"""评查通报: the review's results as the Word document an office sends (`pingcha report --docx`).

`document` lays out a 公文 page (GB/T 9704: A4, margins, 仿宋_GB2312 三号, 22 lines a page) with
python-docx and saves it byte for byte the same every time; `content` writes the 通报's sections from
a `report.Report`.
"""

from .content import drawn_text, to_docx

__all__ = ["drawn_text", "to_docx"]
