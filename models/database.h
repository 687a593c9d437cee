#pragma once

#include <QSqlDatabase>
#include <QString>

// Where the data lives and how to reach it. Qt SQL connections may only be used by the thread
// that created them, so connection() hands every thread its own, named after the thread.
class Database
{
public:
    enum class Driver
    {
        Sqlite,
        Postgres
    };

    // "path/to/file.sqlite" or "postgresql://user@host:port/dbname".
    explicit Database(const QString &location);

    QString location() const { return m_location; }
    Driver driver() const { return m_driver; }

    // Opens (creating and migrating if needed) the calling thread's connection. On failure the
    // returned connection is invalid or closed and errorString() says why.
    QSqlDatabase connection();
    QString errorString() const { return m_error; }

    // Closes every connection this object opened in the calling thread.
    void closeThreadConnection();

    static QString defaultLocation();

private:
    QString connectionName() const;
    bool configure(QSqlDatabase &db);

    QString m_location;
    Driver m_driver = Driver::Sqlite;
    QString m_error;
};
