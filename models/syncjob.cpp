#include "syncjob.h"

#include "database.h"

#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

SyncJob::SyncJob(const QString &databaseLocation, const ImapAccount &account,
    const ImapSync::Credentials &credentials, bool watch, QObject *parent)
    : QObject(parent)
    , m_location(databaseLocation)
    , m_account(account)
    , m_credentials(credentials)
    , m_watch(watch)
    , m_canceled(std::make_shared<std::atomic_bool>(false))
{
    qRegisterMetaType<ImapSync::Progress>();
    qRegisterMetaType<SyncJob::Result>();
    qRegisterMetaType<ImportLogEntry>();
}

SyncJob::~SyncJob()
{
    cancel();
    m_future.waitForFinished();
}

void SyncJob::start()
{
    // A pool of its own: a watching sync holds its thread for as long as the window is open.
    static QThreadPool syncs;
    syncs.setMaxThreadCount(8);
    m_future = QtConcurrent::run(&syncs, [this, canceled = m_canceled] {
        Database database(m_location);
        Result result;
        {
            QSqlDatabase db = database.connection();
            if (!db.isOpen()) {
                result.error = database.errorString();
                Q_EMIT finished(result);
                return;
            }
            ImapSync sync(db, m_account, m_credentials);
            sync.setCancelFlag(canceled.get());
            sync.setProgressHandler([this](const ImapSync::Progress &p) { Q_EMIT progress(p); });
            sync.setEntryHandler([this](const ImportLogEntry &e) { Q_EMIT entryStored(e); });
            result.complete = m_watch ? sync.watch() : sync.run();
            result.canceled = canceled->load();
            result.error = sync.errorString();
            result.kind = sync.error();
            result.certificateSha256 = sync.certificateSha256();
            result.stats = sync.stats();
        }
        database.closeThreadConnection();
        Q_EMIT finished(result);
    });
}
