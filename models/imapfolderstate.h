#pragma once

#include <QSqlDatabase>
#include <QString>

// How far one folder of one account has been read: its UIDVALIDITY and the highest UID stored.
// save() runs inside the transaction that stores the message, so the two never disagree.
class ImapFolderState
{
public:
    struct State
    {
        qint64 uidValidity = 0;
        qint64 lastUid = 0;
        bool known = false;
    };

    explicit ImapFolderState(QSqlDatabase db)
        : m_db(std::move(db))
    { }

    State load(const QString &account, const QString &folder) const;
    bool save(const QString &account, const QString &folder, qint64 uidValidity, qint64 lastUid);
    QString errorString() const { return m_error; }

private:
    QSqlDatabase m_db;
    QString m_error;
};
