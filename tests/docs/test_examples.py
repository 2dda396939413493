"""Every API example in the documentation runs against the demo data and answers as the
docs say, so the docs cannot drift from the code. How to mark one: docs/developers/
writing-docs.md (and tests/docs/examples.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from engagements.demo import seed_demo
from engagements.models import Client as Company
from engagements.models import Engagement
from tests.docs.examples import (
    SERVER,
    doc_files,
    examples_in,
    run,
    shell_commands,
    unmarked_curls,
)
from tests.helpers.tokens import api_token

DEMO_USERS = ("alex", "jordan", "kim", "lee", "pat", "admin")
PAGES = [path for path in doc_files() if examples_in(path)]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data (what `make run` serves), seeded once; each test rolls back to it."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo()
        yield
        transaction.set_rollback(True)


def variables() -> dict[str, str]:
    """The shell variables the examples use (docs/api/index.md lists them)."""
    names: dict[str, str] = {"API": f"{SERVER}/api"}
    for user in get_user_model().objects.filter(username__in=DEMO_USERS):
        names[user.username.upper()] = f"Authorization: Token {api_token(user)}"
    # The name the README's examples used for the account manager's token.
    names["RACI"] = names["ALEX"]
    clients = (("harbor-dental", "HARBOR"), ("northwind", "NORTHWIND"), ("cobalt", "COBALT"))
    for slug, name in clients:
        company = Company.objects.get(slug=slug)
        names[name] = str(company.pk)
        current = Engagement.objects.filter(client=company).order_by("-revision").first()
        names[f"{name}_ENG"] = str(current.pk)
    return names


def test_the_docs_have_api_examples_to_run():
    assert len(PAGES) >= 5
    assert sum(len(examples_in(page)) for page in PAGES) >= 30


def test_every_curl_call_in_the_docs_is_a_marked_example():
    unmarked = [where for path in doc_files() for where in unmarked_curls(path)]
    assert not unmarked, (
        "These shell blocks call the API but are not marked as examples, so nothing checks "
        "them: put <!-- example status=... --> before each (docs/developers/writing-docs.md): "
        + ", ".join(unmarked)
    )


@pytest.mark.parametrize("doc_page", PAGES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_each_example_on_the_page_answers_as_the_docs_say(demo, db, doc_page):
    """The page's examples run in order, as a reader would type them, on fresh demo data."""
    client = Client()
    names = variables()
    problems = []
    for example in examples_in(doc_page):
        problems += run(example, client, names)
    assert not problems, "\n".join(problems)


def test_a_block_is_split_into_commands_as_a_shell_would():
    block = (
        "# a comment\n"
        "curl -H \"$ALEX\" $API/a/ \\\n     -d '{\"x\": 1,\n  \"y\": 2}'   # trailing\n"
        "curl $API/b/\n"
    )
    assert shell_commands(block) == [
        "curl -H \"$ALEX\" $API/a/       -d '{\"x\": 1,\n  \"y\": 2}'",
        "curl $API/b/",
    ]
