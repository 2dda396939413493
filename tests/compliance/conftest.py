"""Compliance fixtures. Catalog files are parsed once per test session (the SP 800-53 file
is 1.8 MB); each test that needs a framework stores the parsed catalog in its own
transaction, which costs a few bulk inserts."""

import pytest

from engagements import services
from engagements.exports.oscal.catalogs import BUNDLED, parse_catalog


@pytest.fixture(scope="session")
def parsed_csf():
    return parse_catalog(BUNDLED["csf"])


@pytest.fixture(scope="session")
def parsed_hipaa():
    return parse_catalog(BUNDLED["hipaa"])


@pytest.fixture(scope="session")
def parsed_800_53():
    return parse_catalog(BUNDLED["800-53-moderate"])


@pytest.fixture
def csf(db, parsed_csf):
    return services.catalog_load(catalog=parsed_csf).framework


@pytest.fixture
def hipaa(db, parsed_hipaa):
    return services.catalog_load(catalog=parsed_hipaa).framework
