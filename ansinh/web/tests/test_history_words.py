"""Every change the demo records reads as words in the histories and the log (issue 16): no label
and no value shaped like an internal key (`full_name`, `no_conclusion`, `cases.proposal_sign`)."""

import io

import pytest
from django.core.management import call_command

from ansinh.accounts.models import User
from ansinh.audit.models import AuditEvent
from ansinh.registry.changes import ChangeLine
from ansinh.registry.history import events_shown
from tests.translation_walk import keys_in

pytestmark = pytest.mark.django_db


def raw(lines: tuple[ChangeLine, ...]) -> list[str]:
    """Key-shaped words of the lines (a user name such as "xa.doingo" is a name, not a key)."""
    username = str(User._meta.get_field("username").verbose_name)
    found = []
    for line in lines:
        found += keys_in(line.label)
        if line.label != username:
            found += keys_in(line.before or "") + keys_in(line.after or "")
        found += raw(line.answers)
    return found


def test_the_demo_history_reads_as_words():
    call_command("seed_demo", "--size", "300", stdout=io.StringIO())
    officer = User.objects.get(username="xa.doingo")  # reads restricted facts: sees every value
    events = list(AuditEvent.objects.order_by("pk"))

    shown = events_shown(officer, events)

    found = sorted(
        {f"{event.action}: {text}" for event, item in zip(events, shown, strict=True) for text in raw(item.lines)}
    )
    assert found == []
    assert any(item.lines for item in shown)
