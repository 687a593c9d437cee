#include "categorydelegate.h"

#include "itemroles.h"

#include <QPainter>
#include <QPixmap>

QColor CategoryDelegate::colour(const QString &categoryKey, bool dark)
{
    if (categoryKey == QLatin1String("authorized"))
        return dark ? QColor(0x6f, 0xd0, 0x8c) : QColor(0x1e, 0x8e, 0x3e);
    if (categoryKey == QLatin1String("forwarder"))
        return dark ? QColor(0x7a, 0xb7, 0xff) : QColor(0x1a, 0x67, 0xd2);
    if (categoryKey == QLatin1String("misaligned-service"))
        return dark ? QColor(0xff, 0xc1, 0x4d) : QColor(0xc2, 0x6a, 0x00);
    if (categoryKey == QLatin1String("threat"))
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xc5, 0x22, 0x1f);
    return {};
}

void CategoryDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const bool dark = option->palette.color(QPalette::Base).lightness() < 128;
    const QColor mark = colour(index.data(ItemRoles::CategoryRole).toString(), dark);
    if (!mark.isValid())
        return;
    // A filled disc as the item's icon: drawn at the device pixel ratio, so crisp on high DPI.
    const int size = option->fontMetrics.height() * 2 / 3;
    const qreal ratio = option->widget ? option->widget->devicePixelRatioF() : 1.0;
    QPixmap disc(QSize(size, size) * ratio);
    disc.setDevicePixelRatio(ratio);
    disc.fill(Qt::transparent);
    QPainter painter(&disc);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(mark);
    painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1));
    painter.end();
    option->icon = QIcon(disc);
    option->decorationSize = QSize(size, size);
    option->features |= QStyleOptionViewItem::HasDecoration;
}
