"""The on-ramp's forms: the upload of someone else's RACI sheet, and reading the mapping
step's choices back into a mapping."""

from django import forms

from engagements import selectors
from engagements.analysis.onramp import Proposal
from engagements.analysis.onramp.layout import text_key
from engagements.forms.common import PageForm
from engagements.models import ServiceModel, Side

# What a letter of another scheme may be taken to mean on the page ("" drops it).
MEANINGS = [("", "Drop it"), ("R", "R"), ("A", "A"), ("C", "C"), ("I", "I"), ("AR", "A/R")]
GUESS = ""


class SheetUploadForm(PageForm):
    client = forms.ModelChoiceField(queryset=None, empty_label="Choose a client")
    sheet = forms.FileField(
        label="Your RACI sheet (.xlsx or .csv)",
        help_text="Any layout: a row of titles over columns of R, A, C, I letters, one "
        "activity per row. At most 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    title = forms.CharField(
        max_length=200,
        required=False,
        help_text="What the agreement is called; the file's name when left empty.",
    )
    service_model = forms.ChoiceField(
        choices=[(GUESS, "Guess from the sheet's roles"), *ServiceModel.choices],
        required=False,
        widget=forms.RadioSelect,
        initial=GUESS,
        help_text="Co-managed when the sheet has roles on the client's side; fully managed "
        "when it has none.",
    )
    use_saved = forms.BooleanField(
        required=False,
        initial=True,
        label="Use the mapping saved for this client's sheets of the same layout",
    )

    def __init__(self, *args, user, engagement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.engagement = engagement
        if engagement is not None:
            for name in ("client", "title", "service_model"):
                del self.fields[name]
        else:
            self.fields["client"].queryset = selectors.managed_client_list(user=user).order_by(
                "name"
            )


def mapping_from_post(data, proposal: Proposal, catalog_names: dict[str, str]) -> dict:
    """The mapping step's fields as a mapping (see analysis.onramp.mapping): each column's
    use, role and side; each row's activity, new activity and domain, or skip; each
    letter's meaning. `catalog_names` is activity name (text_key) -> code."""
    mapping: dict = {
        "sheet": data.get("sheet") or proposal.sheet,
        "columns": {},
        "rows": {},
        "letters": {},
    }
    header = (data.get("header_row") or "").strip()
    if header.isdigit() and int(header) != proposal.layout.header_row:
        mapping["header_row"] = int(header)
    elif proposal.layout.header_row:
        mapping["header_row"] = proposal.layout.header_row
    column = (data.get("activity_column") or "").strip()
    if column:
        mapping["activity_column"] = column
    if mapping["sheet"] != proposal.sheet or mapping.get("header_row") != (
        proposal.layout.header_row
    ):
        # Another sheet or header row: find its activity column afresh.
        mapping.pop("activity_column", None)
    for choice in proposal.columns:
        prefix = f"col-{choice.index}"
        if data.get(f"{prefix}-use") != "role":
            mapping["columns"][choice.title] = {"skip": True}
            continue
        side = data.get(f"{prefix}-side")
        mapping["columns"][choice.title] = {
            "role": (data.get(f"{prefix}-role") or "").strip() or choice.role or choice.title,
            "side": side if side in Side.values else (choice.side or Side.INTERNAL),
        }
    for section in proposal.sections:
        mapping["rows"][section.text] = {"section": True}
    for row in proposal.rows:
        prefix = f"row-{row.number}"
        picked = data.get(prefix, "")
        other = (data.get(f"{prefix}-other") or "").strip()
        domain = data.get(f"{prefix}-domain") or row.domain
        if other:
            code = catalog_names.get(text_key(other))
            entry = {"activity": code} if code else {"new": True, "name": other, "domain": domain}
        elif picked == "skip":
            entry = {"skip": True}
        elif picked == "new":
            entry = {"new": True, "domain": domain}
        elif picked:
            entry = {"activity": picked}
        else:
            continue
        mapping["rows"][row.text] = entry
    for letter in proposal.letters:
        meaning = data.get(f"letter-{letter.token}")
        valid = {value for value, _ in MEANINGS}
        mapping["letters"][letter.token] = meaning if meaning in valid else letter.meaning
    return mapping
