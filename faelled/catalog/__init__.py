"""Declarative content as data: dataset contracts (and later KPIs and instruments), from YAML
files validated by pydantic models. Shipped in faelled/content/; users add their own in the
directory named by FAELLED_CONTENT_DIR."""
