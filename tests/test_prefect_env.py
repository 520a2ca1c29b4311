"""The Prefect settings of a flow run that `kcna build` starts from the command line (kcna_dataset/orchestration/environment.py)."""

from __future__ import annotations

from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, get_current_settings, temporary_settings

from kcna_dataset.orchestration import environment


def test_a_command_line_run_has_no_heartbeat_thread():
    default = get_current_settings().flows.heartbeat_frequency
    assert default is not None  # Prefect's default sends heartbeats
    with environment.command_line_run():
        assert get_current_settings().flows.heartbeat_frequency is None
    assert get_current_settings().flows.heartbeat_frequency == default


def test_a_heartbeat_the_user_set_is_kept():
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 60}), environment.command_line_run():
        assert get_current_settings().flows.heartbeat_frequency == 60
