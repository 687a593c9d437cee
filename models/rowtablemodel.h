#pragma once

#include <QAbstractTableModel>
#include <QList>

// The plumbing every flat table model shares, written once: a list of value rows replaced by a
// whole reset, row and column counts, index checks, and the horizontal header. Subclasses say only
// what a cell shows (cell) and what a column is called (columnTitle).
template<typename Row> class RowTableModel : public QAbstractTableModel
{
public:
    RowTableModel(int columns, QObject *parent)
        : QAbstractTableModel(parent)
        , m_columns(columns)
    { }

    void setRows(QList<Row> rows)
    {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }
    const QList<Row> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : m_columns;
    }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return {};
        return cell(m_rows.at(index.row()), index.column(), role);
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
            || section >= m_columns)
            return {};
        return columnTitle(section);
    }

protected:
    virtual QVariant cell(const Row &row, int column, int role) const = 0;
    virtual QString columnTitle(int column) const = 0;

    QList<Row> m_rows;

private:
    int m_columns;
};
