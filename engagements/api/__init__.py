"""The REST API: a door like the pages, the importer and the admin, and one pipeline.

Reads come from `engagements.selectors` (scoped to the user: out of scope is a 404), writes go
through `engagements.services` inside `through(Door.API)` (`base.ApiViewMixin`), and whatever
a view or a service raises becomes JSON in `errors.py`, the one exception handler. If-Match
is read in `preconditions.py`; the schema's error responses come from `schema.py`. Shapes
live in `serializers/`, query-string filters in `filters/`, views in `views/`, one module per
resource in each, and every route in `urls.py`.
"""
