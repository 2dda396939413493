"""The matrix's roles (its columns): added, changed and removed from the matrix page."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_http_methods, require_POST

from engagements import selectors, services
from engagements.forms.roles import RoleForm
from engagements.views.common import engagement_for, part_of
from engagements.views.matrix import part_form, remove_part, save_editor


@login_required
@require_POST
def role_add(request, pk):
    engagement = engagement_for(request, pk)
    roles = list(selectors.engagement_role_list(engagement=engagement))
    return save_editor(
        request,
        engagement,
        RoleForm(request.POST, prefix="role-new", roles=roles),
        key="role",
        anchor="roles",
        save=lambda **fields: services.role_add(engagement=engagement, **fields),
        done=lambda role: f'Added the role "{role.name}".',
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_update(request, pk, role_id):
    """GET: the role's form (the matrix page asks for it when its card is opened, so the
    page does not draw twenty forms nobody opens; a page of its own without JavaScript)."""
    engagement = engagement_for(request, pk)
    role = part_of(engagement, selectors.engagement_role_list, role_id)
    roles = list(selectors.engagement_role_list(engagement=engagement))
    if request.method == "GET":
        form = RoleForm(
            prefix=f"role-{role.pk}", roles=roles, role=role, initial=RoleForm.initial_for(role)
        )
        return part_form(
            request,
            engagement,
            "engagements/_role_form.html",
            f"Edit {role.name}",
            "roles",
            form=form,
            role=role,
        )
    return save_editor(
        request,
        engagement,
        RoleForm(request.POST, prefix=f"role-{role.pk}", roles=roles, role=role),
        key=("role", role.pk),
        anchor="roles",
        save=lambda **fields: services.role_update(role=role, **fields),
        done=lambda role: f'Saved the role "{role.name}".',
    )


@login_required
@require_POST
def role_remove(request, pk, role_id):
    return remove_part(
        request,
        pk,
        selectors.engagement_role_list,
        role_id,
        lambda role, **kw: services.role_remove(role=role, **kw),
        done=lambda role: f'Removed the role "{role.name}" and its letters.',
        anchor=lambda role, ok: "roles",
    )
