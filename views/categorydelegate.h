#pragma once

#include <QColor>
#include <QStyledItemDelegate>

// Shows a source's category as a coloured mark next to its name, so the verdict reads at a
// glance and still reads without colour. The colour comes from ItemRoles::CategoryRole.
class CategoryDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // The category's colour, legible on light and dark bases.
    static QColor colour(const QString &categoryKey, bool dark);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
