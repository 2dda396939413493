import pytest

from engagements.models import Side
from tests.analysis.sketch import Sketch


@pytest.fixture
def sketch():
    """A co-managed engagement with the usual cast: the client's IT manager and systems
    administrator, the MSP's NOC and service desk. No rows yet."""
    s = Sketch()
    s.role("Client IT manager", Side.INTERNAL)
    s.role("Internal systems administrator", Side.INTERNAL)
    s.role("MSP NOC", Side.MSP)
    s.role("MSP service desk", Side.MSP)
    return s
