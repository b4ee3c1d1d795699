"""What reaches the log and the one-line error: never a customer's data."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from workbench import logs


def test_database_errors_carry_no_parameters(master):
    with pytest.raises(IntegrityError) as caught, master.transaction() as session:
        session.execute(text("INSERT INTO emails (customer_id, address, normalized, kind, is_primary, is_valid, "
                             "created_at) VALUES (424242, :a, :a, 'other', true, true, '2024-01-01 00:00:00')"),
                        {"a": "secret.person@example.org"})
    assert "secret.person" not in str(caught.value)
    line = logs.one_line(caught.value)
    assert "\n" not in line and "secret.person" not in line and "INSERT" not in line


def test_the_log_blots_out_parameters_and_e_mail_addresses(isolated_home):
    path = logs.configure()
    try:
        raise ValueError("bad row: jane.doe@example.com [parameters: ('Jane', '+49 30 1234567')]")
    except ValueError:
        logging.getLogger("workbench.test").exception("import failed for %s", "max@example.net")
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = path.read_text()
    assert "import failed for <e-mail>" in written and "bad row: <e-mail>" in written
    assert "example.com" not in written and "+49 30 1234567" not in written
