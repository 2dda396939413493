"""User text as it is stored: NFC-normalised, and names compared by one key.

The same word can arrive as different code points: "é" typed on a Mac keyboard, pasted from
a PDF or read from a workbook may be one character (U+00E9) or "e" and a combining accent
(U+0065 U+0301). Both look identical, so both must be stored identically, or "Équipe" would
be two roles, the workbook importer would not find the role the page shows, and a signed
revision's fingerprint would depend on the keyboard. Every text field of the domain models is
one of the two fields below, which store NFC whatever door the text came through (services,
the API, the pages, the admin, the importers, bulk_create); `nfc` is the one function they
and the importers call.

Two names are the same name when they differ only by case or runs of spacing ("MSP NOC",
"msp  noc"): `name_key` says so, and a `NameKeyField` keeps that key in a column so the
database refuses a second one (a UniqueConstraint per scope, on SQLite and PostgreSQL alike;
SQLite's LOWER() folds ASCII only, so a constraint on Lower("name") would let "ÉQUIPE" and
"équipe" both in). Invisible format characters (Unicode Cf) are refused in names by
`validators.one_line`, so they never reach a key.
"""

import unicodedata

from django.db import models


def nfc(value):
    """The NFC form of a string (anything else unchanged): the one normalisation every
    door applies to user text."""
    if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
        return unicodedata.normalize("NFC", value)
    return value


def name_key(name) -> str:
    """When two names are the same name: NFC, case (full case folding: "STRASSE" is
    "straße") and spacing (leading, trailing and runs of whitespace) aside."""
    return " ".join(nfc(str(name or "")).split()).casefold()


class _NFCMixin:
    """Stores NFC: on every save (pre_save, which bulk_create calls too) and in full_clean
    (to_python), so validators and uniqueness checks see the stored form."""

    def to_python(self, value):
        return nfc(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = nfc(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        # The column is a plain text column: migrations need not know about normalisation.
        name, path, args, kwargs = super().deconstruct()
        return name, f"django.db.models.{self._plain}", args, kwargs


class NFCCharField(_NFCMixin, models.CharField):
    _plain = "CharField"


class NFCTextField(_NFCMixin, models.TextField):
    _plain = "TextField"


class NameKeyField(models.TextField):
    """The `name_key` of another field of the same model (`source`), kept up to date on
    every save, so a UniqueConstraint on it refuses two names that are the same name.
    A text column, as case folding can lengthen a name ("ﬃ" is "ffi"). Never edited by
    hand; services check first, to answer with a message that names the
    field (the constraint is the last line, for any door that forgets)."""

    def __init__(self, *args, source: str = "name", **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("editable", False), ("default", "")):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def key_for(self, model_instance) -> str:
        key = name_key(getattr(model_instance, self.source))
        current = getattr(model_instance, self.attname) or ""
        # A row the 0011 migration found sharing its key with an older one keeps its
        # marked key ("key #id") until it is renamed: see docs/operations/security.md.
        return current if current.startswith(key + " #") else key

    def clean(self, value, model_instance):
        # full_clean computes the key too, so a constraint check before saving sees it.
        return self.key_for(model_instance)

    def pre_save(self, model_instance, add):
        key = self.key_for(model_instance)
        setattr(model_instance, self.attname, key)
        return key

def fill_name_keys_on_raw_save(sender, instance, raw=False, **kwargs):
    """loaddata saves raw, without the fields' pre_save: a fixture or an older backup that
    has no name_key still gets the keys its names call for (pre_save, connected in
    apps.py)."""
    if not raw:
        return
    for field in instance._meta.concrete_fields:
        if isinstance(field, NameKeyField) and not getattr(instance, field.attname):
            setattr(instance, field.attname, name_key(getattr(instance, field.source)))
