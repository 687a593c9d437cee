#pragma once

#include <QWidget>

class QLineEdit;
class QPlainTextEdit;
class TableView;
class ReportListModel;

// Every stored aggregate report in a sortable, filterable table; the selected report's XML below,
// read-only, as the reporter sent it.
class ReportsPage : public QWidget
{
    Q_OBJECT
public:
    explicit ReportsPage(ReportListModel *model, QWidget *parent = nullptr);

    void showRawXml(const QString &xml);
    TableView *table() const { return m_table; }

Q_SIGNALS:
    // The store id of the selected report, or 0 when nothing is selected.
    void currentReportChanged(qint64 id);

private:
    TableView *m_table;
    QLineEdit *m_filter;
    QPlainTextEdit *m_xml;
};
