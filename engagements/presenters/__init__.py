"""What the pages show, laid out for templates: loaded once, findings run once.

Templates loop over plain objects built here, so a 71-row matrix renders without a query
per row or per cell, and the full page and the htmx fragments show the same markup. One
module per page family, named like the views that use it.
"""
