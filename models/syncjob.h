#pragma once

#include "imapsync.h"
#include "importlog.h"

#include <QFuture>
#include <QObject>

#include <atomic>
#include <memory>

// Runs ImapSync for one account on a worker thread with its own database connection. Progress,
// every stored message's log entry and the end arrive as queued signals on the window's thread.
// Cancel stops after the message being stored; nothing is left half stored.
class SyncJob : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        bool complete = false;
        bool canceled = false;
        QString error;
        ImapConnection::Error kind = ImapConnection::Error::None;
        QByteArray certificateSha256;
        ImapSync::Stats stats;
    };

    SyncJob(const QString &databaseLocation, const ImapAccount &account,
        const ImapSync::Credentials &credentials, bool watch, QObject *parent = nullptr);
    ~SyncJob() override; // cancels and waits

    void start();
    void cancel() { *m_canceled = true; }
    bool isRunning() const { return m_future.isRunning(); }
    const ImapAccount &account() const { return m_account; }

Q_SIGNALS:
    void progress(const ImapSync::Progress &progress);
    void entryStored(const ImportLogEntry &entry);
    void finished(const SyncJob::Result &result);

private:
    QString m_location;
    ImapAccount m_account;
    ImapSync::Credentials m_credentials;
    bool m_watch;
    std::shared_ptr<std::atomic_bool> m_canceled;
    QFuture<void> m_future;
};

Q_DECLARE_METATYPE(ImapSync::Progress)
Q_DECLARE_METATYPE(SyncJob::Result)
