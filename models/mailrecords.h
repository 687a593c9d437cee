#pragma once

#include "mailitems.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>

// Bounces and failure reports as stored, for the CLI, the pages and the links: the mail row
// (the notice itself) with its parsed content and the dissected original.
struct StoredMail
{
    qint64 mailRef = 0;
    QString messageId; // of the notice
    QString from; // who sent the notice
    QString subject;
    qint64 date = 0;
    QString source; // the input it came from
    QStringList flags; // MailFlags: forged DKIM, mismatched HELO
};

struct StoredBounce : StoredMail
{
    Bounce bounce;
};

struct StoredFailure : StoredMail
{
    FailureReport failure;
};

namespace MailRecords {

// Oldest first. Empty list and `error` set on a database error.
QList<StoredBounce> loadBounces(QSqlDatabase db, QString *error = nullptr);
QList<StoredFailure> loadFailures(QSqlDatabase db, QString *error = nullptr);

// The shapes `dmarcscope-cli bounces --json` and `failures --json` print.
QJsonObject toJson(const StoredBounce &bounce);
QJsonObject toJson(const StoredFailure &failure);

} // namespace MailRecords
