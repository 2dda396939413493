"""Query-string filters for the API's lists, one FilterSet per list, fields listed
explicitly, one module per resource."""
