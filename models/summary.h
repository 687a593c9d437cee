#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSqlDatabase>
#include <QString>

// Totals over every stored aggregate report and mail message: what `dmarcscope-cli summary` prints
// and what the generated scenario's truth.json states.
struct Summary
{
    struct Reporter
    {
        QString orgName;
        qint64 reports = 0;
        qint64 messages = 0;
    };

    qint64 reports = 0;
    qint64 records = 0;
    qint64 messages = 0;
    QMap<QString, qint64> byResultDisposition; // "pass/none", "fail/reject", ...
    QList<Reporter> reporters; // most messages first
    qint64 reportMails = 0; // mail messages that carried aggregate reports
    qint64 bounces = 0;
    qint64 failureReports = 0;
    qint64 tlsReports = 0;
    qint64 ignoredMails = 0; // auto-replies and other mail

    static Summary compute(QSqlDatabase db, QString *error = nullptr);
    QJsonObject toJson() const;
};
