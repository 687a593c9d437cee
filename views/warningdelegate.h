#pragma once

#include <QStyledItemDelegate>

// Paints the cells a model flags (ItemRoles::WarningRole) bold in a red that reads on light and
// dark palettes alike: a forged DKIM signature, a HELO that names another host.
class WarningDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
