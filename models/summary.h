#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSqlDatabase>
#include <QString>

// Totals over every stored aggregate report: what `dmarcscope-cli summary` prints and what the
// generated scenario's truth.json states.
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

    static Summary compute(QSqlDatabase db, QString *error = nullptr);
    QJsonObject toJson() const;
};
