"""Template filters that name things the way the rest of raci does (engagements.models.labels):
`{{ user|person }}`, `{{ label|in_sentence }}` and `{{ side|side_in_sentence }}`."""

from django import template

from engagements.models.choices import SIDE_IN_SENTENCE
from engagements.models.labels import in_sentence as label_in_sentence
from engagements.models.labels import person_name
from engagements.permissions import acknowledging_sides, owns_acknowledgement

register = template.Library()


@register.filter
def person(user) -> str:
    """A person by name (their username when they gave no name)."""
    return person_name(user)


@register.filter
def in_sentence(label) -> str:
    """A label inside a sentence: "Removed by the MSP" -> "removed by the MSP"."""
    return label_in_sentence(str(label))


@register.filter
def side_in_sentence(side) -> str:
    """A stored side inside a sentence: "msp" -> "the MSP"."""
    return SIDE_IN_SENTENCE.get(side, "")


@register.simple_tag(takes_context=True)
def acknowledgement_owner(context, acknowledgement) -> dict:
    """Whose word an acknowledgement is, for the findings panel: {"mine": the viewer's side
    made it (so may change or withdraw it), "side": "the MSP" / "the client" / ""}."""
    engagement = context.get("engagement")
    user = getattr(context.get("request"), "user", None)
    if acknowledgement is None or engagement is None:
        return {"mine": False, "side": ""}
    # One query for every author on the page, remembered on the engagement for the request.
    sides = engagement.__dict__.get("_raci_acknowledging_sides")
    if sides is None:
        sides = engagement.__dict__["_raci_acknowledging_sides"] = acknowledging_sides(engagement)
    side = sides.get(acknowledgement.by_id)
    return {
        "mine": bool(user)
        and owns_acknowledgement(user, acknowledgement, engagement, author_side=side),
        "side": {"msp": "the MSP", "client": "the client"}.get(side, ""),
    }
