"""The admin: every model, with useful columns, filters and search.

Scope data (roles, rows, cells, coverage, tools) is edited inline from its engagement, and
every save goes through the services, so the admin obeys the same rules as every other
door: a signed-off revision is read-only, letters are checked, history records "admin".
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from engagements import services
from engagements.doors import through
from engagements.errors import RaciError
from engagements.models import (
    Activity,
    ApiToken,
    Assessment,
    Assignment,
    Client,
    Comment,
    Control,
    ControlResponsibility,
    Coverage,
    Domain,
    Door,
    Engagement,
    FindingAcknowledgement,
    FindingsCount,
    Framework,
    Invitation,
    MatrixRow,
    Membership,
    MspOrganisation,
    Person,
    ResponseTarget,
    Role,
    SheetMapping,
    StoredFindings,
    Tool,
    WorkflowEvent,
)
from engagements.models.letters import LetterError, display_letters, parse_letters
from engagements.services.engagements import EDITABLE_FIELDS
from engagements.services.findings_counts import findings_counts_forget


class HistoryAdmin(SimpleHistoryAdmin):
    """The history of an object, to read. django-simple-history's "revert" form would save
    an old version straight to the database, around the services: past every check,
    including a signed-off revision's freeze, and recorded as no door. Changes go through
    the change form (and so the services) instead."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied("Old versions can be viewed, not restored.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only change through their engagement or a workflow step."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# -- catalog and clients -------------------------------------------------------------------


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ("code", "name", "default_coverage", "order", "client")
    extra = 0


class ForgetsFindingsCounts:
    """Catalog and client edits in the admin bypass the services and may change any
    engagement's findings (a default coverage, a time zone, a control): forget the stored
    findings counts so the portfolio counts them again."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        findings_counts_forget()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        findings_counts_forget()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        findings_counts_forget()


@admin.register(Domain)
class DomainAdmin(ForgetsFindingsCounts, admin.ModelAdmin):
    list_display = ("name", "code", "order")
    search_fields = ("name", "code")
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(ForgetsFindingsCounts, admin.ModelAdmin):
    list_display = ("name", "code", "domain", "default_coverage", "client")
    list_filter = ("domain", "default_coverage", ("client", admin.EmptyFieldListFilter))
    search_fields = ("name", "code", "description")
    list_select_related = ("domain", "client")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(Client)
class ClientAdmin(ForgetsFindingsCounts, admin.ModelAdmin):
    list_display = (
        "name",
        "legal_name",
        "country",
        "industry",
        "employee_count",
        "internal_it_headcount",
        "time_zone",
    )
    search_fields = ("name", "slug", "industry")
    list_filter = ("time_zone",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(MspOrganisation)
class MspOrganisationAdmin(HistoryAdmin):
    """The MSP as contracts name it: one record. A signed revision keeps the name and
    address it was signed with, so editing this changes only open revisions' exhibits."""

    list_display = ("legal_name", "updated_at")

    def has_add_permission(self, request):
        return not MspOrganisation.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "client", "kind")
    list_filter = ("kind", "client")
    search_fields = ("user__username", "user__email", "client__name")
    autocomplete_fields = ("user", "client")


@admin.register(Assessment)
class AssessmentAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = (
        "client",
        "it_team",
        "wants_full_control",
        "wants_hands_off_cost",
        "needs_security_skills",
        "updated_at",
    )
    list_filter = ("it_team",)
    search_fields = ("client__name",)


# -- the engagement and its matrix, edited inline ------------------------------------------


class PicksOwnRoles:
    """An inline whose `role_field` picks one of the engagement's own roles, never another
    engagement's."""

    role_field = ""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.role_field:
            engagement_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Role.objects.filter(engagement_id=engagement_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RoleInline(PicksOwnRoles, admin.TabularInline):
    model = Role
    fields = ("name", "side", "person_name", "absence_backup", "order")
    role_field = "absence_backup"
    extra = 0


class MatrixRowForm(forms.ModelForm):
    """A matrix row with one letters box per role (filled in by MatrixRowInline)."""

    roles: list[Role] = []
    cells: dict = {}

    class Meta:
        model = MatrixRow
        fields = ("in_scope", "split_note", "coverage_need")
        widgets = {"split_note": forms.Textarea(attrs={"rows": 1, "cols": 30})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for role in self.roles:
            letters = self.cells.get((self.instance.pk, role.pk), "")
            self.fields[f"cell_{role.pk}"].initial = display_letters(letters)

    def clean(self):
        cleaned = super().clean()
        for role in self.roles:
            name = f"cell_{role.pk}"
            try:
                cleaned[name] = parse_letters(cleaned.get(name, ""))
            except LetterError as exc:
                self.add_error(name, str(exc))
        return cleaned


class MatrixRowInline(admin.TabularInline):
    model = MatrixRow
    form = MatrixRowForm
    extra = 0
    can_delete = False
    readonly_fields = ("activity",)
    ordering = ("activity__domain__order", "order")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("activity__domain")

    def get_formset(self, request, obj=None, **kwargs):
        roles = list(obj.roles.order_by("order", "id")) if obj else []
        cells = (
            {
                (a.row_id, a.role_id): a.letters
                for a in Assignment.objects.filter(row__engagement=obj)
            }
            if obj
            else {}
        )
        declared = {
            f"cell_{role.pk}": forms.CharField(
                label=role.name,
                required=False,
                max_length=12,
                widget=forms.TextInput(attrs={"size": 4}),
            )
            for role in roles
        }
        kwargs["form"] = type(
            "EngagementMatrixRowForm",
            (MatrixRowForm,),
            {**declared, "roles": roles, "cells": cells},
        )
        return super().get_formset(request, obj, **kwargs)


class ToolInline(PicksOwnRoles, admin.TabularInline):
    model = Tool
    fields = services.TOOL_FIELDS
    role_field = "administered_by"
    extra = 0


@admin.register(Engagement)
class EngagementAdmin(HistoryAdmin):
    list_display = (
        "title",
        "client",
        "revision",
        "status",
        "service_model",
        "account_manager",
        "signed_off_by",
        "updated_at",
    )
    list_filter = ("status", "service_model", "client")
    search_fields = ("title", "slug", "client__name")
    list_select_related = ("client", "account_manager", "signed_off_by")
    readonly_fields = (
        "status",
        "revision",
        "previous_revision",
        "signed_off_by",
        "signed_off_at",
        "signer_name",
        "signer_title",
        "msp_legal_name",
        "msp_address",
        "client_legal_name",
        "fingerprint",
        "version",
        "slug",
    )
    inlines = [RoleInline, MatrixRowInline, ToolInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def get_actions(self, request):
        """No "delete selected": it deletes with a plain queryset, around the services (which
        keep signed-off revisions and put the previous revision back). Delete one revision
        at a time from its page."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return False  # signed off, superseded or in review: view only
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return False
        return super().has_delete_permission(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Run the save through the services; show their refusals as messages, not 500s."""
        with through(Door.ADMIN):
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except (ValidationError, RaciError) as exc:
                text = getattr(exc, "message", None) or "; ".join(
                    getattr(exc, "messages", [str(exc)])
                )
                self.message_user(request, f"Nothing was saved: {text}", messages.ERROR)
                return HttpResponseRedirect(request.path)

    def delete_view(self, request, object_id, extra_context=None):
        with through(Door.ADMIN):
            return super().delete_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.engagement_create(
                client=obj.client,
                title=obj.title,
                service_model=obj.service_model,
                by=request.user,
                account_manager=obj.account_manager,
                **{
                    name: form.cleaned_data[name]
                    for name in EDITABLE_FIELDS
                    if name != "title" and name in form.cleaned_data
                },
            )
            obj.pk = created.pk
            obj.refresh_from_db()
            return
        changed = {
            name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE_FIELDS
        }
        if changed:
            fresh = Engagement.objects.get(pk=obj.pk)
            services.engagement_update(engagement=fresh, by=request.user, **changed)

    def delete_model(self, request, obj):
        services.engagement_delete(engagement=obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        form.save_m2m()
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        engagement = Engagement.objects.get(pk=form.instance.pk)
        by = request.user
        if formset.model is MatrixRow:
            cell_changes = []
            for row_form in formset.forms:
                if not row_form.has_changed():
                    continue
                row = row_form.instance
                row_fields = {
                    name: row_form.cleaned_data[name]
                    for name in ("in_scope", "split_note", "coverage_need")
                    if name in row_form.changed_data
                }
                if row_fields:
                    services.row_update(row=MatrixRow.objects.get(pk=row.pk), by=by, **row_fields)
                for role in row_form.roles:
                    name = f"cell_{role.pk}"
                    if name in row_form.changed_data:
                        cell_changes.append(
                            services.CellChange(row, role, row_form.cleaned_data[name])
                        )
            if cell_changes:
                services.matrix_cells_set(engagement=engagement, changes=cell_changes, by=by)
            # The admin's change message reads these; the services did the saving.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            if isinstance(obj, Role):
                services.role_remove(role=obj, by=by)
            elif isinstance(obj, Tool):
                services.tool_remove(tool=obj, by=by)
        for obj in instances:
            fields = {name: getattr(obj, name) for name in self._inline_fields(obj)}
            if isinstance(obj, Role):
                if obj.pk:
                    services.role_update(role=Role.objects.get(pk=obj.pk), by=by, **fields)
                else:
                    fields.pop("order", None)
                    services.role_add(engagement=engagement, by=by, **fields)
            elif isinstance(obj, Tool):
                if obj.pk:
                    services.tool_update(tool=Tool.objects.get(pk=obj.pk), by=by, **fields)
                else:
                    services.tool_add(engagement=engagement, by=by, **fields)

    @staticmethod
    def _inline_fields(obj):
        inline = RoleInline if isinstance(obj, Role) else ToolInline
        return inline.fields


@admin.register(Role)
class RoleAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ("name", "side", "person_name", "absence_backup", "engagement")
    list_filter = ("side", "engagement__client")
    search_fields = ("name", "person_name", "engagement__title")
    list_select_related = ("engagement__client", "absence_backup")


@admin.register(MatrixRow)
class MatrixRowAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ("activity", "engagement", "in_scope", "coverage_need")
    list_filter = ("in_scope", "activity__domain", "engagement__client")
    search_fields = ("activity__name", "activity__code", "split_note")
    list_select_related = ("activity", "engagement__client")


@admin.register(Assignment)
class AssignmentAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ("row", "role", "letters")
    list_filter = ("letters", "role__side", "row__engagement__client")
    search_fields = ("role__name", "row__activity__name")
    list_select_related = ("row__activity", "row__engagement__client", "role")


@admin.register(Coverage)
class CoverageAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ("row", "window", "role")
    list_filter = ("window", "row__engagement__client")
    search_fields = ("role__name", "row__activity__name")
    list_select_related = ("row__activity", "row__engagement__client", "role")


@admin.register(Tool)
class ToolAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = (
        "name",
        "category",
        "owner_side",
        "licence_holder_side",
        "exit_fate",
        "engagement",
    )
    list_filter = ("owner_side", "exit_fate", "category")
    search_fields = ("name", "category", "notes")
    list_select_related = ("engagement__client",)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("engagement", "row", "author", "created_at")
    list_filter = ("engagement__client",)
    search_fields = ("body", "author__username")


@admin.register(FindingAcknowledgement)
class FindingAcknowledgementAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ("finding_key", "engagement", "by", "at")
    search_fields = ("finding_key", "reason")


@admin.register(FindingsCount)
class FindingsCountAdmin(ReadOnlyAdmin):
    """Derived counts the portfolio reads; shown to see what is stored, never edited."""

    list_display = ("engagement", "errors", "warnings", "infos", "unacknowledged_errors", "source")
    list_select_related = ("engagement__client",)


@admin.register(StoredFindings)
class StoredFindingsAdmin(ReadOnlyAdmin):
    """Derived findings the API and pages read; shown to see what is stored, never edited."""

    list_display = ("engagement", "version", "settings", "computed_at")
    list_select_related = ("engagement__client",)
    exclude = ("state",)


@admin.register(SheetMapping)
class SheetMappingAdmin(ReadOnlyAdmin):
    """How a client's own RACI sheets were mapped, kept for the next sheet of that layout;
    made and changed only by the on-ramp."""

    list_display = ("client", "signature", "updated_at", "updated_by")
    list_select_related = ("client", "updated_by")


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdmin):
    list_display = ("engagement", "transition", "from_status", "to_status", "by", "at", "door")
    list_filter = ("transition", "door")
    search_fields = ("engagement__title", "note")


# -- compliance catalogs -------------------------------------------------------------------


@admin.register(Framework)
class FrameworkAdmin(ForgetsFindingsCounts, admin.ModelAdmin):
    list_display = ("name", "code", "version", "source")
    search_fields = ("name", "code")


@admin.register(Control)
class ControlAdmin(ForgetsFindingsCounts, admin.ModelAdmin):
    list_display = ("control_id", "title", "framework", "kind", "requirement", "selectable")
    list_filter = ("framework", "kind", "requirement", "selectable")
    search_fields = ("control_id", "title", "statement")
    list_select_related = ("framework",)


@admin.register(ControlResponsibility)
class ControlResponsibilityAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ("control", "engagement", "origination", "responsible_role")
    list_filter = ("origination", "control__framework")
    search_fields = ("control__control_id", "control__title", "split_description")
    list_select_related = ("control", "engagement__client", "responsible_role")


# -- people, response targets, invitations: changed on the pages and the API (services) --


@admin.register(Person)
class PersonAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ("name", "client", "side", "email", "phone", "active")
    list_filter = ("side", "active", "client")
    search_fields = ("name", "email", "phone")


@admin.register(ResponseTarget)
class ResponseTargetAdmin(HistoryAdmin, ReadOnlyAdmin):
    list_display = ("row", "window", "minutes")
    list_filter = ("window",)
    list_select_related = ("row__activity", "row__engagement__client")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("email", "client", "kind", "invited_by", "sent_at", "accepted_at", "revoked_at")
    list_filter = ("kind", "client")
    search_fields = ("email",)
    exclude = ("nonce",)


# -- API tokens and two-factor sign-in: an admin revokes a token, or resets a user's second
# factor (a lost phone); issuing either happens only on the user's own account page --


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created", "last_used")
    search_fields = ("user__username", "name", "prefix")
    list_select_related = ("user",)
    exclude = ("digest",)
    readonly_fields = ("user", "name", "prefix", "created", "last_used")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _reset_second_factor(modeladmin, request, queryset):
    for user in queryset:
        services.mfa_reset(user=user)
    modeladmin.message_user(
        request,
        f"Two-factor sign-in reset for {queryset.count()} user(s): they enrol again when they "
        "next sign in (under RACI_REQUIRE_MFA), and their API tokens are revoked.",
        messages.SUCCESS,
    )


_reset_second_factor.short_description = "Reset two-factor sign-in (lost phone)"
_user_admin = admin.site._registry.get(get_user_model())
if _user_admin is not None:
    _user_admin.actions = [*(_user_admin.actions or []), _reset_second_factor]
