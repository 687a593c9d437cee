#pragma once

#include <QTableView>

class QSortFilterProxyModel;

// The one way every table in DMARC Scope is set up: sorted on raw values through a proxy,
// alternating rows, whole-row selection, and Copy (Ctrl+C) of the selected rows as text.
class TableView : public QTableView
{
    Q_OBJECT
public:
    explicit TableView(QWidget *parent = nullptr);

    // Wraps the model in a sort/filter proxy (SortRole, case-insensitive, all columns).
    QSortFilterProxyModel *setSourceModel(QAbstractItemModel *model);
    QSortFilterProxyModel *proxy() const { return m_proxy; }

    QString selectionAsText() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QSortFilterProxyModel *m_proxy = nullptr;
};
