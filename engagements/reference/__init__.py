"""Reference data, as data: the article's tables and the two scope templates."""
