#pragma once

#include "rowtablemodel.h"

#include <QSqlDatabase>
#include <QStringList>

// A campaign: the sources that share evidence (a DKIM domain in the returned messages, a relay
// domain, or the same bounce), with what the reports, the bounces and the failure reports each
// counted. The picture a domain owner otherwise pieces together from an inbox of bounces.
struct Campaign
{
    QString name; // the evidence that binds it: "d=carrierzone.com", "relay carrierzone.com", an IP
    QStringList evidence; // every shared key, most used first
    QStringList sources; // source IPs
    qint64 reportMessages = 0; // messages the aggregate reports counted from its sources
    qint64 bounces = 0;
    qint64 failureReports = 0;
    QStringList recipientDomains; // "gmx.de (12)", most first
};

namespace Campaigns {

// Every campaign with at least one linked bounce or failure report, largest first.
QList<Campaign> load(QSqlDatabase db, QString *error = nullptr);

} // namespace Campaigns

class CampaignModel : public RowTableModel<Campaign>
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        SourcesColumn,
        ReportMessagesColumn,
        BouncesColumn,
        FailuresColumn,
        RecipientDomainsColumn,
        EvidenceColumn,
        ColumnCount
    };

    explicit CampaignModel(QObject *parent = nullptr);

protected:
    QVariant cell(const Campaign &row, int column, int role) const override;
    QString columnTitle(int column) const override;
};
