#pragma once

#include <QWidget>

class QLineEdit;
class QPlainTextEdit;
class TableView;
class ReportListModel;
class EvidenceModel;
class QTabWidget;

// Every stored aggregate report in a sortable, filterable table; below, the selected report's XML
// as the reporter sent it (read-only) and the evidence: bounces and failure reports linked to its
// rows.
class ReportsPage : public QWidget
{
    Q_OBJECT
public:
    ReportsPage(ReportListModel *model, EvidenceModel *evidence, QWidget *parent = nullptr);

    void showRawXml(const QString &xml);
    TableView *table() const { return m_table; }
    TableView *evidenceTable() const { return m_evidence; }
    // `shown` of the `linked` notices are listed (the newest).
    void setEvidenceCount(qint64 shown, qint64 linked);

Q_SIGNALS:
    // The store id of the selected report, or 0 when nothing is selected.
    void currentReportChanged(qint64 id);
    // A linked bounce or failure report was activated in the evidence table.
    void mailActivated(qint64 mailRef, const QString &kind);

private:
    TableView *m_table;
    QLineEdit *m_filter;
    QPlainTextEdit *m_xml;
    QTabWidget *m_tabs;
    TableView *m_evidence;
};
