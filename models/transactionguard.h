#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

// Rolls the transaction back unless commit() succeeded: an early return or an exception can
// never leave half a report in the store.
class TransactionGuard
{
public:
    explicit TransactionGuard(QSqlDatabase db)
        : m_db(std::move(db))
        , m_active(m_db.transaction())
    { }
    ~TransactionGuard()
    {
        if (m_active)
            m_db.rollback();
    }
    TransactionGuard(const TransactionGuard &) = delete;
    TransactionGuard &operator=(const TransactionGuard &) = delete;

    bool isActive() const { return m_active; }
    bool commit()
    {
        if (!m_active)
            return false;
        m_active = false;
        return m_db.commit();
    }

private:
    QSqlDatabase m_db;
    bool m_active;
};

// The same inside an open transaction: rolls back to the savepoint unless release() succeeded.
// Savepoints are standard SQL, shared by SQLite and PostgreSQL.
class SavepointGuard
{
public:
    SavepointGuard(QSqlDatabase db, const QString &name)
        : m_query(db)
        , m_name(name)
        , m_active(m_query.exec(QLatin1String("SAVEPOINT ") + name))
    {
        if (!m_active)
            m_error = m_query.lastError().text();
    }
    ~SavepointGuard()
    {
        if (m_active) {
            m_query.exec(QLatin1String("ROLLBACK TO SAVEPOINT ") + m_name);
            m_query.exec(QLatin1String("RELEASE SAVEPOINT ") + m_name);
        }
    }
    SavepointGuard(const SavepointGuard &) = delete;
    SavepointGuard &operator=(const SavepointGuard &) = delete;

    bool isActive() const { return m_active; }
    QString errorString() const { return m_error; }
    bool release()
    {
        if (!m_active)
            return false;
        m_active = false;
        if (!m_query.exec(QLatin1String("RELEASE SAVEPOINT ") + m_name)) {
            m_error = m_query.lastError().text();
            return false;
        }
        return true;
    }

private:
    QSqlQuery m_query;
    QString m_name;
    QString m_error;
    bool m_active;
};
