#include "database.h"
#include "importjob.h"
#include "summary.h"
#include "testutil.h"

#include <QFutureWatcher>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using TestUtil::dataPath;

class TestImportJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void importsInTheBackgroundWithProgress()
    {
        QTemporaryDir dir;
        const QString location = dir.filePath(QStringLiteral("store.sqlite"));
        QFutureWatcher<ImportLogEntry> watcher;
        QSignalSpy results(&watcher, &QFutureWatcher<ImportLogEntry>::resultReadyAt);
        QSignalSpy progressText(&watcher, &QFutureWatcher<ImportLogEntry>::progressTextChanged);
        QSignalSpy finished(&watcher, &QFutureWatcher<ImportLogEntry>::finished);
        watcher.setFuture(
            ImportJob::start(location, { dataPath(QStringLiteral("scenario/reports")) }));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QCOMPARE(watcher.future().resultCount(), 12);
        QCOMPARE(watcher.progressValue(), watcher.progressMaximum());
        QVERIFY(progressText.size() >= 1);
        QVERIFY(progressText.last().first().toString().contains(QLatin1String("of 12")));

        Database database(location);
        QCOMPARE(Summary::compute(database.connection()).reports, 12);
        QSqlQuery query(database.connection());
        QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM import_log")) && query.next());
        QCOMPARE(query.value(0).toInt(), 12);
        database.closeThreadConnection();
    }

    void cancelStopsAfterTheCurrentInput()
    {
        QTemporaryDir dir;
        const QString location = dir.filePath(QStringLiteral("store.sqlite"));
        Database database(location);
        QSqlDatabase db = database.connection();
        QSqlQuery lock(db);
        // Hold the write lock: the job cannot finish any input until we let go.
        QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE")));

        QFutureWatcher<ImportLogEntry> watcher;
        QSignalSpy finished(&watcher, &QFutureWatcher<ImportLogEntry>::finished);
        watcher.setFuture(
            ImportJob::start(location, { dataPath(QStringLiteral("scenario/reports")) }));
        watcher.cancel();
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY(watcher.isCanceled());

        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM import_log")) && query.next());
        const int logged = query.value(0).toInt();
        QVERIFY2(logged <= 1, qPrintable(QString::number(logged)));
        // Whatever was logged is whole: a report per imported input, nothing half-stored.
        QVERIFY(Summary::compute(db).reports <= 1);
        database.closeThreadConnection();
    }

    void databaseErrorIsAResult()
    {
        QFutureWatcher<ImportLogEntry> watcher;
        QSignalSpy finished(&watcher, &QFutureWatcher<ImportLogEntry>::finished);
        watcher.setFuture(ImportJob::start(QStringLiteral("/proc/nope/store.sqlite"),
            { dataPath(QStringLiteral("scenario/reports")) }));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QCOMPARE(watcher.future().resultCount(), 1);
        QVERIFY(watcher.future().resultAt(0).error.contains(QLatin1String("cannot open")));
    }
};

QTEST_GUILESS_MAIN(TestImportJob)
#include "tst_importjob.moc"
