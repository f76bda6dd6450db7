"""Roadmap exports people can edit: the actions as CSV and XLSX, the whole roadmap as DOCX.

The renderers turn already-loaded data into bytes and never query: the spreadsheets take a `RoadmapView`, the
document takes the `RoadmapDocument` that `roadmaps.document.build_document` assembles for the PDF as well.
Headings and labels follow the active language; what the team typed goes out as stored, except that spreadsheet
text can never run as a formula and characters XML cannot carry are dropped from XLSX and DOCX.
"""

from .docx import roadmap_docx
from .tables import actions_csv, actions_xlsx

__all__ = ["actions_csv", "actions_xlsx", "roadmap_docx"]
