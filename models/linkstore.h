#pragma once

#include "linker.h"

#include <QSqlDatabase>

// The links between mail (bounces, failure reports) and aggregate rows. The store keeps them per
// message and source (source_links: the source, why, and the window the message arrived in);
// they are brought up to date as data arrives, and expanded to (message, row) pairs when read.
namespace LinkStore {

struct LinkView
{
    QString kind; // bounce, failure
    qint64 mailRef = 0;
    QString messageId; // the notice's own
    qint64 recordRef = 0;
    QString reportId;
    QString orgName;
    QString sourceIp;
    qint64 messages = 0; // the row's message count
    QString category; // of the source, filled by whoever shows it
    QStringList reasons;
    Linker::Strength strength = Linker::Strength::Medium;
};

// Recomputes every link from the stored rows, mail and reverse DNS cache in one transaction.
// Returns the number of source links (a message and a source each), or -1 with `error` set.
// `dateSlackSeconds` < 0 takes the setting links/dateSlackHours (default 6): the slack around a
// report's range for messages dated only by their sender.
qint64 recompute(QSqlDatabase db, QString *error = nullptr, qint64 dateSlackSeconds = -1);

// Links what arrived since the last recompute or update: new mail against the rows of its
// days, new rows against the mail already stored. Returns the number of new links (0 when
// nothing is new), or -1. Reverse DNS names that changed need a recompute.
qint64 update(QSqlDatabase db, QString *error = nullptr, qint64 dateSlackSeconds = -1);

// The SQL condition under which source link `l` links row `rec` of report `r`.
QString linkedRowCondition();

// Every (message, row) link; or those of one source IP, or of one mail.
QList<LinkView> load(QSqlDatabase db, QString *error = nullptr);
QList<LinkView> forSource(QSqlDatabase db, const QString &ip, QString *error = nullptr);
QList<LinkView> forMail(QSqlDatabase db, qint64 mailRef, QString *error = nullptr);

QString strengthName(Linker::Strength strength);

} // namespace LinkStore
