"""API shapes, one module per resource. Read serializers say what clients get; write
serializers check the shape of what they send (types, lengths, choices). What a change
*means* is checked by the services.

Inside one engagement, roles are named by name and activities by code (both stable across
revisions), so a script written against revision 1 still works on revision 2.
"""
