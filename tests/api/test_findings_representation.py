"""The findings API builds each finding's JSON directly: it must say exactly what the
serializer (which the schema documents) says."""

import pytest

from engagements import services
from engagements.analysis import Severity, engagement_findings
from engagements.api.serializers.findings import FindingSerializer
from engagements.selectors.matrix import load_matrix
from tests.selectors.test_findings_counts import _a_gap

pytestmark = pytest.mark.django_db


def test_findings_are_represented_as_the_serializer_does(co_managed, account_manager):
    _a_gap(co_managed, account_manager)
    data = load_matrix(co_managed)
    findings = engagement_findings(data)
    error = next(f for f in findings if f.severity == Severity.ERROR)
    services.finding_acknowledge(
        engagement=co_managed,
        finding_key=error.key,
        reason="Agreed on the call.",
        by=account_manager,
    )
    acknowledgements = load_matrix(co_managed).acknowledgements
    context = {"acknowledgements": acknowledgements}

    direct = FindingSerializer.represent(findings, acknowledgements)

    assert direct == FindingSerializer(findings, many=True, context=context).data
    assert any(item["acknowledgement"] for item in direct)
