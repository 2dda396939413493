"""The REST API: a door like the pages, the importer and the admin.

Reads come from `engagements.selectors` (scoped to the user: out of scope is a 404), writes go
through `engagements.services` inside `through(Door.API)`, and errors the services raise
become JSON responses in `errors.py`. `urls.py` holds the router other API modules register
on.
"""
