#include "database.h"

#include "schema.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>

Database::Database(const QString &location)
    : m_location(location)
{
    if (location.startsWith(QLatin1String("postgresql://"))
        || location.startsWith(QLatin1String("postgres://")))
        m_driver = Driver::Postgres;
}

QString Database::defaultLocation()
{
    // $XDG_DATA_HOME/dmarcscope, shared by the GUI and the command-line tool.
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return dir + QLatin1String("/dmarcscope/dmarcscope.sqlite");
}

QString Database::connectionName() const
{
    return QLatin1String("dmarcscope:") + m_location + QLatin1Char(':')
        + QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16);
}

QSqlDatabase Database::connection()
{
    const QString name = connectionName();
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
    }
    QSqlDatabase db;
    if (m_driver == Driver::Postgres) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        const QUrl url(m_location);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setPassword(url.password());
        db.setDatabaseName(url.path().mid(1));
    } else {
        const QFileInfo info(m_location);
        QDir().mkpath(info.absolutePath());
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_location);
        // Another connection (the GUI's, an import thread's) may hold the write lock briefly.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
    }
    if (!db.open()) {
        m_error = QCoreApplication::translate("Database", "cannot open the database %1: %2")
                      .arg(m_location, db.lastError().text());
        return db;
    }
    if (!configure(db)) {
        db.close();
        return db;
    }
    return db;
}

bool Database::configure(QSqlDatabase &db)
{
    if (m_driver == Driver::Sqlite) {
        QSqlQuery query(db);
        // WAL: readers never block the importer; NORMAL is durable across application crashes
        // (only an OS crash may lose the last transactions, never corrupt the file).
        // A 64 MiB page cache and fewer, larger checkpoints: bulk imports touch the same index
        // pages again and again. Temporary files in memory: each imported report runs under a
        // savepoint, whose statement journal otherwise spills to a temporary file on disk once
        // past 64 KiB, so a bulk import wrote every touched page there again (860 MB of writes
        // for a 35 MB store of 10,000 reports).
        for (const char *pragma : { "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                 "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-65536",
                 "PRAGMA wal_autocheckpoint=8192", "PRAGMA temp_store=MEMORY" }) {
            if (!query.exec(QString::fromLatin1(pragma))) {
                m_error = QCoreApplication::translate("Database", "cannot configure %1: %2")
                              .arg(m_location, query.lastError().text());
                return false;
            }
        }
    }
    if (m_driver == Driver::Postgres) {
        // The schema's CREATE ... IF NOT EXISTS would print a NOTICE on stderr for every table
        // at every connection.
        QSqlQuery query(db);
        query.exec(QStringLiteral("SET client_min_messages TO WARNING"));
    }
    QString error;
    if (!Schema::migrate(db, m_driver == Driver::Postgres, &error)) {
        m_error = QCoreApplication::translate("Database", "cannot prepare the database %1: %2")
                      .arg(m_location, error);
        return false;
    }
    return true;
}

void Database::closeThreadConnection()
{
    const QString name = connectionName();
    if (!QSqlDatabase::contains(name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}
