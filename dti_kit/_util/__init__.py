"""Small helpers with no domain: atomic writes, strings, safe YAML, workbooks, lazy names."""
