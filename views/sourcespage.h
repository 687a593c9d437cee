#pragma once

#include "chartfactory.h"
#include "sourcestats.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QTreeView;
class EvidenceModel;
class QTabWidget;
class SourceFilterProxy;
class SourceRecordModel;
class SourceTreeModel;
class TableView;

// Every sending source, grouped by who runs it, with filters; selecting a source shows its
// records across reports and its outcomes over time, and the evidence: the bounces and failure
// reports linked to it.
class SourcesPage : public QWidget
{
    Q_OBJECT
public:
    // Set on a header whose column widths came from the user's settings: no auto-sizing then.
    static constexpr const char *UserSizedProperty = "dmarcscopeUserSized";

    SourcesPage(SourceTreeModel *sources, SourceRecordModel *records, DailyVolumeModel *sourceDaily,
        EvidenceModel *evidence, QWidget *parent = nullptr);

    void setDomains(const QStringList &domains);
    // The days the data covers: the date filter starts there, not at today's date.
    void setDataRange(const QDate &first, const QDate &last);
    SourceFilter filter() const;
    QTreeView *tree() const { return m_tree; }
    TableView *recordTable() const { return m_records; }
    SourceFilterProxy *proxy() const { return m_proxy; }
    void setFilterText(const QString &text);
    void showSourceSummary(const QString &text);
    // The evidence tab: its title counts the linked mail, the text sums it up. With `more`, the
    // text ends in a "Show all" link that emits allEvidenceRequested().
    void showEvidenceSummary(int linked, const QString &text, bool more = false);
    TableView *evidenceTable() const { return m_evidence; }

Q_SIGNALS:
    void filterChanged(const SourceFilter &filter); // domain or dates: the data must be reloaded
    void sourceSelected(const QString &ip); // empty when a group or nothing is selected
    // The user asked for every linked notice, not only the newest.
    void allEvidenceRequested();
    // A linked bounce or failure report was activated in the evidence table.
    void mailActivated(qint64 mailRef, const QString &kind);

private:
    QLineEdit *m_filterText;
    QComboBox *m_domain;
    QCheckBox *m_limitDates;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QTreeView *m_tree;
    SourceFilterProxy *m_proxy;
    QLabel *m_summary;
    TableView *m_records;
    QTabWidget *m_detailTabs;
    QLabel *m_evidenceSummary;
    TableView *m_evidence;
};
