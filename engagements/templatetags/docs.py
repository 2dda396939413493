"""Links into the documentation site from templates."""

from django import template

from engagements.presenters.docs import page_help_url

register = template.Library()


@register.simple_tag(takes_context=True)
def page_help(context) -> str:
    """The documentation's section on the page being rendered."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return page_help_url(match.url_name if match else None)
