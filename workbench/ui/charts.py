"""A horizontal bar chart drawn with QPainter: labels on the left, bars, values at their ends.

PySide6-Essentials has no QtCharts; a quality panel needs only bars, so it draws them itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

ROW = 22
BAR = 14
GAP = 8
DEFAULT_COLOR = "#5b8def"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # what is written at the bar's end: "93%", "1,204"
    color: str | None = None
    tooltip: str | None = None


class BarChart(QWidget):
    def __init__(self, title: str, *, maximum: float | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.maximum = maximum  # None: the largest value fills the width
        self.bars: list[Bar] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = list(bars)
        self.updateGeometry()
        self.update()

    def _title_height(self) -> int:
        return QFontMetrics(self.font()).height() + 10

    def sizeHint(self) -> QSize:
        return QSize(420, self._title_height() + max(1, len(self.bars)) * ROW + 6)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, self.sizeHint().height())

    def _geometry(self) -> tuple[float, float, float]:
        metrics = QFontMetrics(self.font())
        label_width = min(self.width() * 0.42, max((metrics.horizontalAdvance(b.label) for b in self.bars),
                                                   default=60) + 12)
        value_width = max((metrics.horizontalAdvance(b.text) for b in self.bars), default=30) + 10
        bar_width = max(20.0, self.width() - label_width - value_width - 8)
        return label_width, bar_width, value_width

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        title_font = self.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QColor("#323f4b"))
        painter.drawText(QRectF(0, 0, self.width(), self._title_height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(self.font())
        if not self.bars:
            painter.setPen(QColor("#9aa5b1"))
            painter.drawText(QRectF(0, self._title_height(), self.width(), ROW), Qt.AlignmentFlag.AlignLeft, "No data")
            return
        label_width, bar_width, _value_width = self._geometry()
        top = self._title_height()
        largest = self.maximum or max((b.value for b in self.bars), default=1) or 1
        for index, bar in enumerate(self.bars):
            y = top + index * ROW
            painter.setPen(QColor("#3e4c59"))
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(label_width - 10))
            painter.drawText(QRectF(0, y, label_width - 8, ROW), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, label)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#eef1f5"))
            track = QRectF(label_width, y + (ROW - BAR) / 2, bar_width, BAR)
            painter.drawRoundedRect(track, 3, 3)
            length = bar_width * max(0.0, min(1.0, bar.value / largest))
            if length > 0:
                painter.setBrush(QColor(bar.color or DEFAULT_COLOR))
                painter.drawRoundedRect(QRectF(track.left(), track.top(), max(length, 3), BAR), 3, 3)
            painter.setPen(QColor("#323f4b"))
            painter.drawText(QRectF(label_width + bar_width + GAP, y, self.width(), ROW),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, bar.text)

    def bar_at(self, y: float) -> Bar | None:
        index = int((y - self._title_height()) // ROW)
        return self.bars[index] if 0 <= index < len(self.bars) and y >= self._title_height() else None

    def mouseMoveEvent(self, event) -> None:
        bar = self.bar_at(event.position().y())
        if bar is not None:
            QToolTip.showText(event.globalPosition().toPoint(), bar.tooltip or f"{bar.label}: {bar.text}", self)
        else:
            QToolTip.hideText()
