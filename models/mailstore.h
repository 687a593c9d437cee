#pragma once

#include "mailitems.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

// Writes mail messages that are not aggregate reports: one mail_messages row per message (its
// kind, so counts survive and a re-import is recognised by Message-ID), and for bounces and
// failure reports their fields, recipients, and the returned message's hops and signatures.
// Each message is stored whole or not at all.
class MailStore
{
public:
    explicit MailStore(QSqlDatabase db);

    enum class Result
    {
        Inserted,
        Duplicate,
        Failed
    };

    // `inTransaction`: the caller holds a transaction (a batch); the message then gets a
    // savepoint of its own instead of a transaction.
    Result insert(const MailItem &item, const QString &source, bool inTransaction);
    QString errorString() const { return m_error; }

private:
    bool prepare();
    bool insertRows(qint64 mailRef, const MailItem &item);
    bool insertOriginal(qint64 mailRef, const OriginalMessage &original);
    bool run(QSqlQuery &query, std::initializer_list<QVariant> values);

    QSqlDatabase m_db;
    QString m_error;
    bool m_useReturning = false;
    bool m_prepared = false;
    QSqlQuery m_exists;
    QSqlQuery m_mail;
    QSqlQuery m_bounce;
    QSqlQuery m_recipient;
    QSqlQuery m_failure;
    QSqlQuery m_original;
    QSqlQuery m_received;
    QSqlQuery m_dkim;
};
