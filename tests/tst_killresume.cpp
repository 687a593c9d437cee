#include "database.h"
#include "summary.h"
#include "testutil.h"

#include <QJsonDocument>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using TestUtil::dataPath;

// An import killed with SIGKILL at any moment leaves a sound database, and running the same
// import again completes it: nothing lost, nothing doubled.
class TestKillResume : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_inputs
            = { dataPath(QStringLiteral("scenario/reports")), dataPath(QStringLiteral("corpus")) };
        m_clean = summaryJson(importInto(m_dir.filePath(QStringLiteral("clean.sqlite"))));
        QVERIFY(!m_clean.isEmpty());
        QVERIFY(m_clean.contains("\"aggregate_reports\": 63")); // 12 + 43 files + 8 mails
    }

    void killThenResume_data()
    {
        QTest::addColumn<int>("linesBeforeKill");
        for (int lines : { 0, 1, 3, 10, 25, 40, 60 })
            QTest::addRow("after %d inputs", lines) << lines;
    }
    void killThenResume()
    {
        QFETCH(int, linesBeforeKill);
        const QString location
            = m_dir.filePath(QStringLiteral("killed-%1.sqlite").arg(linesBeforeKill));
        QProcess process;
        process.start(QStringLiteral(DMARCSCOPE_CLI),
            QStringList { QStringLiteral("--db"), location, QStringLiteral("import") } + m_inputs);
        QVERIFY(process.waitForStarted());
        int lines = 0;
        while (lines < linesBeforeKill && process.state() == QProcess::Running) {
            if (!process.canReadLine() && !process.waitForReadyRead(30000))
                break;
            while (process.canReadLine() && lines < linesBeforeKill)
                if (!process.readLine().startsWith("          "))
                    ++lines; // outcome lines, not warning lines
        }
        process.kill(); // SIGKILL: no cleanup runs
        QVERIFY(process.waitForFinished(30000));

        {
            Database database(location);
            QSqlDatabase db = database.connection();
            QVERIFY2(db.isOpen(), qPrintable(database.errorString()));
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("PRAGMA integrity_check")) && query.next());
            QCOMPARE(query.value(0).toString(), QStringLiteral("ok"));
            // Whole reports only: every stored report has all its records.
            QVERIFY(
                query.exec(QStringLiteral("SELECT COUNT(*) FROM reports r WHERE record_count <> "
                                          "(SELECT COUNT(*) FROM records WHERE report_ref = r.id)"))
                && query.next());
            QCOMPARE(query.value(0).toInt(), 0);
            database.closeThreadConnection();
        }
        QCOMPARE(summaryJson(importInto(location)), m_clean);
    }

private:
    QString importInto(const QString &location)
    {
        QProcess process;
        process.start(QStringLiteral(DMARCSCOPE_CLI),
            QStringList { QStringLiteral("--db"), location, QStringLiteral("import") } + m_inputs);
        process.waitForFinished(120000);
        return location;
    }
    QByteArray summaryJson(const QString &location)
    {
        QProcess process;
        process.start(QStringLiteral(DMARCSCOPE_CLI),
            { QStringLiteral("--db"), location, QStringLiteral("summary"),
                QStringLiteral("--json") });
        process.waitForFinished(60000);
        return process.readAllStandardOutput();
    }

    QTemporaryDir m_dir;
    QStringList m_inputs;
    QByteArray m_clean;
};

QTEST_GUILESS_MAIN(TestKillResume)
#include "tst_killresume.moc"
