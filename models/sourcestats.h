#pragma once

#include "dashboarddata.h"

#include <QDate>
#include <QList>
#include <QMap>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

// Which reports the Sources page looks at: one policy domain (or all), and the days whose
// reports it counts (a report counts when its range overlaps them).
struct SourceFilter
{
    QString domain;
    QDate from; // invalid: no lower bound
    QDate to; // invalid: no upper bound

    // The WHERE clause over `reports r` and its bind values, shared by every source query.
    QString whereClause() const;
    QVariantList bindValues() const;
};

// Everything the reports say about one sending IP, summed over the filtered reports.
struct SourceStats
{
    QString ip;
    // Who runs it: the organisation (from the PTR name or the domains it authenticated as), else
    // the PTR name's base domain, else the registrable domain it authenticated as; empty when
    // nothing tells.
    QString group;
    qint64 messages = 0;
    qint64 dmarcPass = 0;
    qint64 dkimAligned = 0;
    qint64 spfAligned = 0;
    qint64 none = 0; // dispositions
    qint64 quarantine = 0;
    qint64 reject = 0;
    QMap<QString, qint64> reasons; // override type -> messages
    QStringList dkimDomains; // "domain (pass)", most messages first
    QStringList spfDomains;
    qint64 firstSeen = 0; // earliest report begin
    qint64 lastSeen = 0; // latest report end
    QString category; // "Authorised", "Forwarder", "Misaligned service", "Threat / unknown"
    QString categoryKey; // authorized, forwarder, misaligned-service, threat
    QString categoryReason; // why, in words
    QString ptr; // reverse DNS name, when looked up
    QString country; // ISO code from the user's GeoIP database, if one is set

    // One row per source IP, most messages first. Aggregated by the store, never per record.
    static QList<SourceStats> load(
        QSqlDatabase db, const SourceFilter &filter, QString *error = nullptr);
};

// One aggregate record of a source, for its detail pane.
struct SourceRecord
{
    QString reporter;
    QString reportId;
    qint64 begin = 0;
    qint64 end = 0;
    qint64 messages = 0;
    QString disposition;
    QString dkimEvaluated;
    QString spfEvaluated;
    QString headerFrom;
    QString envelopeFrom;
    QStringList dkim; // "d=example.org s=sel1: pass"
    QStringList spf; // "example.org (mfrom): pass"
    QStringList reasons; // "forwarded: comment"

    static QList<SourceRecord> load(
        QSqlDatabase db, const QString &ip, const SourceFilter &filter, QString *error = nullptr);
    // The records' messages per day by outcome (long reports spread over their days).
    static QList<DailyVolume> dailyVolume(const QList<SourceRecord> &records);
};
