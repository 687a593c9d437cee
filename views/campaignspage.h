#pragma once

#include <QWidget>

#include <functional>

class CampaignModel;
class FieldListModel;
class QLabel;
class QLineEdit;
class TableView;

// Campaigns: sources grouped by the evidence their bounces and failure reports share, with the
// totals of each kind of echo. Selecting one lists its sources; double-click goes to a source.
class CampaignsPage : public QWidget
{
    Q_OBJECT
public:
    // `describe` gives a source's line for the member list ("smtp04.carrierzone.com, Threat").
    CampaignsPage(CampaignModel *model, std::function<QString(const QString &ip)> describe,
        QWidget *parent = nullptr);

    TableView *table() const { return m_table; }
    TableView *sourceTable() const { return m_sources; }
    // Describes the selected campaign's sources again (their names and categories changed).
    void refresh() { showCurrent(); }

Q_SIGNALS:
    void sourceActivated(const QString &ip);

private:
    void showCurrent();

    CampaignModel *m_model;
    std::function<QString(const QString &)> m_describe;
    QLineEdit *m_filter;
    TableView *m_table;
    QLabel *m_summary;
    FieldListModel *m_sourceModel;
    TableView *m_sources;
};
