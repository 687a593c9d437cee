#include "tableview.h"

#include "itemroles.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QKeyEvent>
#include <QSortFilterProxyModel>

TableView::TableView(QWidget *parent)
    : QTableView(parent)
{
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setAlternatingRowColors(true);
    setSortingEnabled(true);
    setWordWrap(false);
    setTabKeyNavigation(false);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(true);
}

QSortFilterProxyModel *TableView::setSourceModel(QAbstractItemModel *model)
{
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(model);
    m_proxy->setSortRole(ItemRoles::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    setModel(m_proxy);
    return m_proxy;
}

QString TableView::selectionAsText() const
{
    QStringList lines;
    const auto rows = selectionModel() ? selectionModel()->selectedRows() : QModelIndexList();
    QList<int> rowNumbers;
    for (const QModelIndex &index : rows)
        rowNumbers.append(index.row());
    std::sort(rowNumbers.begin(), rowNumbers.end());
    for (int row : std::as_const(rowNumbers)) {
        QStringList cells;
        for (int column = 0; column < model()->columnCount(); ++column)
            if (!isColumnHidden(column))
                cells.append(model()->index(row, column).data().toString());
        lines.append(cells.join(QLatin1Char('\t')));
    }
    return lines.join(QLatin1Char('\n'));
}

void TableView::keyPressEvent(QKeyEvent *event)
{
    if (event == QKeySequence::Copy) {
        QApplication::clipboard()->setText(selectionAsText());
        event->accept();
        return;
    }
    QTableView::keyPressEvent(event);
}
