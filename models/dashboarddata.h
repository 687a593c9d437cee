#pragma once

#include <QDate>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

// What the Overview page shows, computed by aggregate queries in the store (never by loading
// every record). Plain values: the chart models present them, the CLI prints them.

// Messages by the outcome the receiver applied: DMARC pass, or fail with the disposition.
struct OutcomeCounts
{
    enum Outcome
    {
        Pass,
        FailNone,
        FailQuarantine,
        FailReject,
        OutcomeCount
    };
    qint64 counts[OutcomeCount] = {};

    qint64 total() const
    {
        return counts[Pass] + counts[FailNone] + counts[FailQuarantine] + counts[FailReject];
    }
    static Outcome fromRecord(bool dmarcPass, const QString &disposition);
    static QString name(Outcome outcome); // "DMARC pass", "Fail, delivered", ...
};

struct DailyVolume
{
    QDate day; // UTC
    OutcomeCounts outcomes;
};

struct NamedCount
{
    QString name;
    qint64 messages = 0;
};

struct DomainPolicy
{
    QString domain;
    QString policy; // "p=reject sp=reject adkim=r aspf=r", as last published
    qint64 messages = 0;
};

struct DashboardData
{
    QList<DomainPolicy> domains;
    qint64 messages = 0;
    qint64 dmarcPass = 0;
    qint64 dkimAligned = 0; // policy-evaluated DKIM pass
    qint64 spfAligned = 0; // policy-evaluated SPF pass
    qint64 rejected = 0;
    qint64 quarantined = 0;
    qint64 sources = 0; // distinct source IPs
    qint64 reporters = 0; // distinct reporting organisations
    QList<DailyVolume> daily; // every day from the first to the last, gaps as zero
    QList<NamedCount> byReporter; // most messages first
    QList<NamedCount> byCategory;

    bool isEmpty() const { return messages == 0 && domains.isEmpty(); }

    // Reads everything, for one policy domain or (empty) all of them.
    static DashboardData load(
        QSqlDatabase db, const QString &domain = {}, QString *error = nullptr);
};

// Spreads `messages` over the UTC days a report's range [begin, end] covers, in proportion to the
// seconds of each day inside it, with largest-remainder rounding so the parts add up exactly.
// A report longer than a day must not pile its messages on its first day.
QList<QPair<QDate, qint64>> spreadOverDays(qint64 begin, qint64 end, qint64 messages);

Q_DECLARE_METATYPE(DashboardData)
