"""Stage 7, output: JSON and JSON Lines records, CSV/TSV/Markdown rows and the atomic file writer
(`export`); the terminal view and the rows' table (`view`)."""
