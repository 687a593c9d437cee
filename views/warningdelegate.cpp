#include "warningdelegate.h"

#include "itemroles.h"

void WarningDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(ItemRoles::LinkedRole).toBool()) {
        QColor mark = option->palette.color(QPalette::Highlight);
        mark.setAlpha(60);
        option->backgroundBrush = mark;
    }
    if (!index.data(ItemRoles::WarningRole).toBool())
        return;
    const bool dark = option->palette.color(QPalette::Base).lightness() < 128;
    option->palette.setColor(
        QPalette::Text, dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20));
    option->font.setBold(true);
}
