"""Draw the application icon (records becoming one trusted record).

Writes PNGs to resources/icons (used by the running app) and the Windows .ico and macOS .icns
to packaging/icons (used by the build). Run when the design changes:
`QT_QPA_PLATFORM=offscreen python packaging/make_icons.py`; the files are committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QImageWriter,
    QLinearGradient,
    QPainter,
    QPen,
)

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
BUILD_ICONS = Path(__file__).resolve().parent / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    gradient = QLinearGradient(0, 0, 0, size)
    gradient.setColorAt(0, QColor("#3b7ddd"))
    gradient.setColorAt(1, QColor("#2253a8"))
    p.setBrush(QBrush(gradient))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 52 * s, 52 * s)
    # two faint record cards behind, one bright card in front
    for dx, dy, alpha in ((-30, -26, 90), (30, -26, 90)):
        p.setBrush(QColor(255, 255, 255, alpha))
        p.drawRoundedRect(QRectF((78 + dx) * s, (70 + dy) * s, 100 * s, 120 * s), 14 * s, 14 * s)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(70 * s, 78 * s, 116 * s, 136 * s), 16 * s, 16 * s)
    p.setBrush(QColor("#2f6fd0"))
    p.drawEllipse(QPointF(128 * s, 124 * s), 22 * s, 22 * s)
    p.drawRoundedRect(QRectF(94 * s, 154 * s, 68 * s, 34 * s), 17 * s, 17 * s)
    pen = QPen(QColor("#2fb27a"), 12 * s)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPolyline([QPointF(160 * s, 196 * s), QPointF(176 * s, 212 * s), QPointF(206 * s, 178 * s)])
    p.end()
    return image


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    ICONS.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(ICONS / "app.png"))
    for size in (16, 32, 48, 64, 128, 512):
        draw(size).save(str(ICONS / f"app-{size}.png"))
    BUILD_ICONS.mkdir(parents=True, exist_ok=True)
    # Windows scales the 256-pixel image down for small sizes; macOS takes 512 pixels.
    for suffix, size in (("ico", 256), ("icns", 512)):
        writer = QImageWriter(str(BUILD_ICONS / f"steward-workbench.{suffix}"), suffix.encode())
        if not writer.write(draw(size)):
            raise SystemExit(f"could not write the .{suffix} icon: {writer.errorString()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
