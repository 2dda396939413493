import pytest
from django.core.management import call_command

from engagements.analysis import engagement_findings
from engagements.models import Engagement, Framework, Status
from engagements.selectors.matrix import load_matrix

pytestmark = pytest.mark.django_db


def test_the_demo_shows_hipaa_signed_off_and_csf_gaps_to_fix():
    call_command("seed_demo", "--quiet-logins")
    assert set(Framework.objects.values_list("code", flat=True)) == {
        "nist-csf-2-0",
        "hipaa-security-rule",
    }
    harbor = Engagement.objects.get(client__slug="harbor-dental", revision=2)
    assert harbor.status == Status.SIGNED_OFF
    data = load_matrix(harbor)
    assert len(data.controls) == 42
    assert all(resp.origination for resp in data.controls)
    assert [f for f in engagement_findings(data) if f.control] == []

    cobalt = Engagement.objects.get(client__slug="cobalt")
    control_findings = {
        (f.code, f.control) for f in engagement_findings(load_matrix(cobalt)) if f.control
    }
    assert control_findings == {
        ("GAP_CONTROL_OWNER", "RS.MA-01"),
        ("OVERLAP_CONTROL_UNSPLIT", "PR.AA-01"),
        ("GAP_CONTROL_UNIMPLEMENTED", "ID.RA-01"),
    }
