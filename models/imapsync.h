#pragma once

#include "imapaccount.h"
#include "imapconnection.h"
#include "importlog.h"
#include "inputcaps.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

// Reads the folders of one account into the store, each message once. Per folder it keeps
// UIDVALIDITY and the highest UID stored; a message and that UID are committed together, so an
// interrupted sync resumes after the last message stored and never stores one twice. A changed
// UIDVALIDITY reads the folder again; the store's content dedupe turns what it has into
// duplicates. Dropped connections are retried with backoff while progress is made.
//
// Blocking: runs on a worker thread (SyncJob) or in the command-line tool.
class ImapSync
{
    Q_DECLARE_TR_FUNCTIONS(ImapSync)
public:
    struct Credentials
    {
        QString password;
        QString oauthToken; // for ImapAccount::Auth::OAuth2
    };

    struct Stats
    {
        qint64 seen = 0; // messages fetched (or skipped for their size)
        qint64 imported = 0; // inputs with something new: a report, bounce or failure report
        qint64 duplicates = 0; // already in the store
        qint64 rejected = 0; // could not be read: listed in the import log with the reason
        qint64 ignored = 0; // mail that is none of the above
        qint64 bytes = 0; // message bytes fetched
        int reconnects = 0;
        bool complete = false; // every folder was read to its end
    };

    struct Progress
    {
        QString folder;
        qint64 done = 0; // messages of this folder handled in this pass
        qint64 total = 0; // messages of this folder new in this pass
        qint64 bytes = 0; // bytes received on all connections
        QString status; // "Connecting", "Watching for new mail", ...
    };

    struct RetryPolicy
    {
        int initialDelayMs = 1000;
        int maxDelayMs = 60000;
        int maxFailuresWithoutProgress = 8;
    };

    ImapSync(QSqlDatabase db, const ImapAccount &account, const Credentials &credentials,
        const InputCaps &caps = {});
    ~ImapSync();

    void setCancelFlag(const std::atomic_bool *canceled) { m_canceled = canceled; }
    void setRetryPolicy(const RetryPolicy &policy) { m_retry = policy; }
    void setBatchSize(int messages) { m_batchSize = qMax(1, messages); }
    void setProgressHandler(std::function<void(const Progress &)> handler)
    {
        m_progress = std::move(handler);
    }
    void setEntryHandler(std::function<void(const ImportLogEntry &)> handler)
    {
        m_entry = std::move(handler);
    }

    // Reads every folder completely, reconnecting after dropped connections. True when done.
    bool run();
    // run(), then waits for new mail (IDLE, or polling every `pollSeconds` where the server has
    // no IDLE) and runs again, until canceled or an error that retrying cannot mend.
    bool watch(int pollSeconds = 60);

    // Opens the connection and signs in as the account says (password or OAuth2 token).
    static bool signIn(
        ImapConnection &connection, const ImapAccount &account, const Credentials &credentials);
    // A folder name as a command argument: modified UTF-7, quoted.
    static QByteArray mailboxArgument(const QString &folder);

    const Stats &stats() const { return m_stats; }
    QString errorString() const { return m_error; }
    ImapConnection::Error error() const { return m_errorKind; }
    QByteArray certificateSha256() const { return m_certificateSha256; }

private:
    std::unique_ptr<ImapConnection> connect();
    bool syncOnce();
    bool syncFolder(ImapConnection &connection, const QString &folder);
    bool storeMessage(const QString &folder, qint64 uidValidity, qint64 uid,
        const QByteArray &bytes, const QString &tooLarge);
    bool afterImport(ImapConnection &connection, const QList<qint64> &uids);
    bool waitForNews(int pollSeconds);
    bool failFrom(const ImapConnection &connection);
    bool canceled() const { return m_canceled && m_canceled->load(); }
    void report(const Progress &progress);
    bool pause(int ms);

    QSqlDatabase m_db;
    ImapAccount m_account;
    Credentials m_credentials;
    InputCaps m_caps;
    struct Storage;
    std::unique_ptr<Storage> m_storage;
    const std::atomic_bool *m_canceled = nullptr;
    RetryPolicy m_retry;
    int m_batchSize = 50;
    std::function<void(const Progress &)> m_progress;
    std::function<void(const ImportLogEntry &)> m_entry;
    Stats m_stats;
    qint64 m_bytesBefore = 0; // received on connections already closed
    bool m_reachable
        = false; // a connection reached the server (or signed in) in this object's life
    QString m_error;
    ImapConnection::Error m_errorKind = ImapConnection::Error::None;
    QByteArray m_certificateSha256;
};
