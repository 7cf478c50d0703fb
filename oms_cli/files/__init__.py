"""Input and output plumbing: whole-or-nothing files, bounded JSON, text made safe for terminals."""
