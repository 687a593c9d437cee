#pragma once

#include <QWidget>

class ImportLogModel;
class TableView;

// Every input ever read, with its outcome and what went wrong, newest first.
class ImportLogPage : public QWidget
{
    Q_OBJECT
public:
    explicit ImportLogPage(ImportLogModel *model, QWidget *parent = nullptr);

    TableView *table() const { return m_table; }

private:
    TableView *m_table;
};
