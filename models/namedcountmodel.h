#pragma once

#include "dashboarddata.h"

#include <QAbstractTableModel>

// A name and a message count per row (messages by reporter, by category): feeds bar and pie
// charts and their CSV export.
class NamedCountModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        MessagesColumn,
        ColumnCount
    };

    explicit NamedCountModel(const QString &nameHeader, QObject *parent = nullptr);

    void setCounts(const QList<NamedCount> &counts);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QString m_nameHeader;
    QList<NamedCount> m_counts;
};
