"""The comparison grid: rich cells with highlights, a radio mark on the value that wins, keyboard picks.

Arrow keys move between cells; Space (or Enter) takes the current cell's value into the
merged result; 1–5 take record 1–5's value for the current row; a click does the same.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from workbench.ui.review.comparison_model import (
    ComparisonModel,
    GoldenColumnRole,
    HtmlRole,
    PickableRole,
    PickedRole,
    RowKindRole,
)

PAD_X, PAD_Y = 8, 5
DOCUMENT_CACHE = 600
RADIO = 12
LABEL_WIDTH = 150
SECTION_BG = QColor("#eef1f5")
GOLDEN_BG = QColor("#eef7f1")
PICKED_BG = QColor("#e2ecfb")
FOCUS = QColor("#2f6fd0")
RADIO_OFF = QColor("#aab4bf")
GRID = QColor("#e6e9ee")


class ComparisonDelegate(QStyledItemDelegate):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        # Laying out rich text is the costly part of painting; sizeHint and paint share the result.
        self._documents: OrderedDict[tuple[str, int, str], QTextDocument] = OrderedDict()

    def _document(self, html: str, option: QStyleOptionViewItem, width: float) -> QTextDocument:
        key = (html, int(width), option.font.key())
        document = self._documents.get(key)
        if document is not None:
            self._documents.move_to_end(key)
            return document
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(html)
        document.setTextWidth(max(20.0, width))
        self._documents[key] = document
        while len(self._documents) > DOCUMENT_CACHE:
            self._documents.popitem(last=False)
        return document

    def _text_left(self, index: QModelIndex | QPersistentModelIndex) -> int:
        marked = index.column() > 0 and (index.data(PickableRole) or index.data(PickedRole))
        return PAD_X + (RADIO + 6 if marked else 0)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
              ) -> None:
        painter.save()
        rect = option.rect
        kind = index.data(RowKindRole)
        if kind == "section":
            painter.fillRect(rect, SECTION_BG)
            font = option.font
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 0.9)
            painter.setFont(font)
            painter.setPen(QColor("#52606d"))
            painter.drawText(rect.adjusted(PAD_X, 0, -PAD_X, 0), Qt.AlignmentFlag.AlignVCenter,
                             str(index.data(HtmlRole) or "").upper())
            painter.restore()
            return
        picked = bool(index.data(PickedRole))
        if index.data(GoldenColumnRole):
            painter.fillRect(rect, GOLDEN_BG)
        elif picked:
            painter.fillRect(rect, PICKED_BG)
        elif index.column() == 0:
            painter.fillRect(rect, QColor("#fafbfc"))
        else:
            painter.fillRect(rect, QColor("#ffffff"))
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.topRight(), rect.bottomRight())

        document = self._document(str(index.data(HtmlRole) or ""), option, rect.width() - self._text_left(index) - PAD_X)
        first_line = document.documentLayout().blockBoundingRect(document.begin()).height() or RADIO
        if index.column() > 0 and (index.data(PickableRole) or picked):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            centre_y = rect.top() + PAD_Y + first_line / 2
            circle = QRectF(rect.left() + PAD_X, centre_y - RADIO / 2, RADIO, RADIO)
            painter.setPen(QPen(FOCUS if picked else RADIO_OFF, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle)
            if picked:
                painter.setBrush(FOCUS)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawEllipse(circle.adjusted(3, 3, -3, -3))
        painter.translate(rect.left() + self._text_left(index), rect.top() + PAD_Y)
        document.drawContents(painter, QRectF(0, 0, rect.width(), rect.height()))
        painter.restore()
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.save()
            painter.setPen(QPen(FOCUS, 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if index.data(RowKindRole) == "section":
            return QSize(40, option.fontMetrics.height() + 8)
        width = self.view.columnWidth(index.column()) - self._text_left(index) - PAD_X
        document = self._document(str(index.data(HtmlRole) or ""), option, width)
        return QSize(self.view.columnWidth(index.column()), int(document.size().height()) + 2 * PAD_Y)


class ComparisonView(QTableView):
    picked = Signal(int, int)  # row, column

    def __init__(self, model: ComparisonModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparisonTable")
        self.setModel(model)
        self.setItemDelegate(ComparisonDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)  # Tab leaves the grid for the buttons
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(90)
        header.sectionResized.connect(lambda *_: self._relayout.start())
        self._relayout = QTimer(self, singleShot=True, interval=0, timeout=self._fit_rows)
        model.modelReset.connect(self._after_reset)
        model.dataChanged.connect(lambda *_: self._relayout.start())
        self.clicked.connect(self._clicked)

    def comparison(self) -> ComparisonModel:
        return self.model()  # type: ignore[return-value]

    def _after_reset(self) -> None:
        model = self.comparison()
        self.clearSpans()
        header = self.horizontalHeader()
        columns = model.columnCount()
        for column in range(columns):
            mode = QHeaderView.ResizeMode.Interactive if column == 0 else QHeaderView.ResizeMode.Stretch
            header.setSectionResizeMode(column, mode)
        if columns:
            self.setColumnWidth(0, LABEL_WIDTH)
        for row in range(model.rowCount()):
            if model.row(row).kind == "section" and columns > 1:
                self.setSpan(row, 0, 1, columns)
        self._fit_rows()
        # Start where there is something to decide.
        rows = [model.row(r) for r in range(model.rowCount())]
        first = next((r for r, row in enumerate(rows) if row.choice and row.kind in ("field", "point")),
                     next((r for r, row in enumerate(rows) if row.kind in ("field", "point")), 0))
        if columns > 1:
            self.setCurrentIndex(model.index(first, 1))

    def _fit_rows(self) -> None:
        self.resizeRowsToContents()

    def _clicked(self, index: QModelIndex) -> None:
        self._pick(index.row(), index.column())

    def _pick(self, row: int, column: int) -> None:
        if self.comparison().pick(row, column):
            self.picked.emit(row, column)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        key = event.key()
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if plain and current.isValid() and key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._pick(current.row(), current.column())
            return
        if plain and current.isValid() and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            column = key - Qt.Key.Key_0
            if column <= len(self.comparison().records):
                self.setCurrentIndex(self.comparison().index(current.row(), column))
                self._pick(current.row(), column)
                return
        super().keyPressEvent(event)
