"""The API's views, one module per resource. Every queryset comes from a selector (what a user
cannot see is a 404) and every write calls a service, which decides what the change means;
the shapes are in `serializers/`, the query-string filters in `filters/`, the routes in
`urls.py`."""
