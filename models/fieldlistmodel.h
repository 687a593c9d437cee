#pragma once

#include "rowtablemodel.h"

#include <QPair>

// Label/value pairs (a bounce's or failure report's fields) as a two-column table, so the detail
// pane can be read, sorted by nothing, and copied like every other table.
class FieldListModel : public RowTableModel<QPair<QString, QString>>
{
    Q_OBJECT
public:
    explicit FieldListModel(QObject *parent = nullptr);

protected:
    QVariant cell(const QPair<QString, QString> &row, int column, int role) const override;
    QString columnTitle(int column) const override;
};
