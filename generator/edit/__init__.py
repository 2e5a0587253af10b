"""`python -m generator edit`: edit the content in a browser, driven by the schema.

server.py (HTTP, guards) -> document.py (one file: open, save) -> formdata.py (JSON
Schema <-> form) and yamlio.py (round-trip YAML); adapter.py is the only module that
reaches into the rest of the generator. Templates and static files live beside them:
the editor is never part of site/ or the offline zip.
"""
