#pragma once

#include "sourcestats.h"

#include <QAbstractItemModel>

// Sources grouped by who runs them (organisation, else the base domain of their reverse DNS or
// of what they authenticated as): group rows sum their source IPs. Two levels; loading is a
// whole reset. CategoryRole gives a source's category key for colouring; its tooltip, why.
class SourceTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        SourceColumn,
        MessagesColumn,
        DmarcPassColumn,
        DkimAlignedColumn,
        SpfAlignedColumn,
        DispositionsColumn,
        ReasonsColumn,
        DkimDomainsColumn,
        SpfDomainsColumn,
        FirstSeenColumn,
        LastSeenColumn,
        CategoryColumn,
        CountryColumn,
        ColumnCount
    };

    explicit SourceTreeModel(QObject *parent = nullptr);

    void setSources(const QList<SourceStats> &sources);
    // The row of one source IP, or nullptr.
    const SourceStats *source(const QString &ip) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Group
    {
        SourceStats total; // ip empty, group set
        QList<SourceStats> sources;
    };
    const SourceStats &statsAt(const QModelIndex &index) const;
    QVariant cell(const SourceStats &stats, int column, int role, bool isGroup) const;

    QList<Group> m_groups;
};
