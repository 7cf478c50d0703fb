"""One result, many forms: the words for people, rich and Markdown layouts, JSON, exports."""
