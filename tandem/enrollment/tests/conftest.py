import io

import pytest
from django.core.management import call_command


@pytest.fixture
def instruments(db):
    call_command("load_instruments", stdout=io.StringIO())
