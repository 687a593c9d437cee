#include "imapfolderstate.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

ImapFolderState::State ImapFolderState::load(const QString &account, const QString &folder) const
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "SELECT uidvalidity, last_uid FROM imap_folders WHERE account = ? AND folder = ?"));
    query.addBindValue(account);
    query.addBindValue(folder);
    State state;
    if (query.exec() && query.next()) {
        state.uidValidity = query.value(0).toLongLong();
        state.lastUid = query.value(1).toLongLong();
        state.known = true;
    }
    return state;
}

bool ImapFolderState::save(
    const QString &account, const QString &folder, qint64 uidValidity, qint64 lastUid)
{
    // An upsert both SQLite (3.24+) and PostgreSQL understand.
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "INSERT INTO imap_folders (account, folder, uidvalidity, last_uid, synced_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, folder) DO UPDATE SET "
        "uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid, "
        "synced_at = excluded.synced_at"));
    query.addBindValue(account);
    query.addBindValue(folder);
    query.addBindValue(uidValidity);
    query.addBindValue(lastUid);
    query.addBindValue(QDateTime::currentSecsSinceEpoch());
    if (!query.exec()) {
        m_error = query.lastError().text();
        return false;
    }
    return true;
}
