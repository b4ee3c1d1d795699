"""Wires File → Export… to the export dialog, made once and opened again as it was left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from workbench.ui.export_dialog import ExportDialog

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


class Exporter(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ExportDialog | None = None

    def open_dialog(self) -> ExportDialog:
        dialog = self.dialog
        if dialog is None:
            dialog = self.dialog = ExportDialog(self.window)
            self.window.master_changed.connect(lambda _master: dialog.load_choices())
        else:
            dialog.load_choices()  # segments, statuses and sources may have changed meanwhile
        dialog.open()
        return dialog


def open_export_dialog(window: MainWindow) -> ExportDialog:
    return window.registry.panels.exporter.open_dialog()


def install(window: MainWindow) -> Exporter:
    exporter = Exporter(window)
    window.export_action.setEnabled(True)
    window.export_action.setToolTip("Export customers for a CRM, e-mail or address-book tool")
    window.export_action.triggered.connect(lambda: exporter.open_dialog())
    return exporter
