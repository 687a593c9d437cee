#include "database.h"
#include "schema.h"
#include "transactionguard.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

class TestDatabase : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createsAndMigrates()
    {
        QTemporaryDir dir;
        Database database(dir.filePath(QStringLiteral("sub/dir/store.sqlite")));
        QSqlDatabase db = database.connection();
        QVERIFY2(db.isOpen(), qPrintable(database.errorString()));
        QCOMPARE(Schema::version(db), Schema::CurrentVersion);
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("PRAGMA journal_mode")) && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(query.exec(QStringLiteral("PRAGMA foreign_keys")) && query.next());
        QCOMPARE(query.value(0).toInt(), 1);
        // Migrating again is a no-op: still exactly one row per step.
        QString error;
        QVERIFY(Schema::migrate(db, false, &error));
        QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")) && query.next());
        QCOMPARE(query.value(0).toInt(), Schema::CurrentVersion);
    }

    void refusesANewerSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.sqlite"));
        {
            Database database(path);
            QSqlQuery query(database.connection());
            QVERIFY(query.exec(QStringLiteral("INSERT INTO schema_version (version) VALUES (99)")));
            database.closeThreadConnection();
        }
        Database database(path);
        QVERIFY(!database.connection().isOpen());
        QVERIFY2(database.errorString().contains(QLatin1String("newer DMARC Scope")),
            qPrintable(database.errorString()));
    }

    void reportsAnUnopenableFile()
    {
        Database database(QStringLiteral("/proc/no-such-dir/store.sqlite"));
        QVERIFY(!database.connection().isOpen());
        QVERIFY(database.errorString().contains(QLatin1String("/proc/no-such-dir")));
    }

    void eachThreadHasItsOwnConnection()
    {
        QTemporaryDir dir;
        Database database(dir.filePath(QStringLiteral("store.sqlite")));
        const QString mine = database.connection().connectionName();
        const QString theirs = QtConcurrent::run([&database] {
            const QString name = database.connection().connectionName();
            database.closeThreadConnection();
            return name;
        }).result();
        QVERIFY(!mine.isEmpty());
        QVERIFY(mine != theirs);
        QCOMPARE(database.connection().connectionName(), mine); // reused, not reopened
    }

    void guardRollsBackUnlessCommitted()
    {
        QTemporaryDir dir;
        Database database(dir.filePath(QStringLiteral("store.sqlite")));
        QSqlDatabase db = database.connection();
        QSqlQuery query(db);
        auto logRows = [&] {
            query.exec(QStringLiteral("SELECT COUNT(*) FROM import_log"));
            query.next();
            return query.value(0).toInt();
        };
        const QString insert = QStringLiteral("INSERT INTO import_log (imported_at, path, outcome, "
                                              "reports, bytes) VALUES (1, 'p', 'imported', 0, 0)");
        {
            TransactionGuard guard(db);
            QVERIFY(guard.isActive());
            QVERIFY(query.exec(insert));
        }
        QCOMPARE(logRows(), 0);
        {
            TransactionGuard guard(db);
            QVERIFY(query.exec(insert));
            QVERIFY(guard.commit());
        }
        QCOMPARE(logRows(), 1);
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
