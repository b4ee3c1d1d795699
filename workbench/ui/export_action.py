"""Wires File → Export… to the export dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.ui.export_dialog import ExportDialog

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


def open_export_dialog(window: MainWindow) -> ExportDialog:
    dialog = getattr(window, "export_dialog", None)
    if dialog is None:
        dialog = ExportDialog(window)
        window.export_dialog = dialog
        window.master_changed.connect(lambda master: dialog.load_choices(master))
    else:
        dialog.load_choices(window.master)  # segments, statuses and sources may have changed meanwhile
        dialog.refresh_preview()
    dialog.open()
    return dialog


def install(window: MainWindow) -> None:
    window.export_action.setEnabled(True)
    window.export_action.setToolTip("Export customers for a CRM, e-mail or address-book tool")
    window.export_action.triggered.connect(lambda: open_export_dialog(window))
