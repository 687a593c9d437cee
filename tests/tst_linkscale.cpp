#include "database.h"
#include "dnsserver.h"
#include "importer.h"
#include "linkstore.h"
#include "reversedns.h"
#include "testutil.h"

#include <QDnsLookup>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using TestUtil::dataPath;

// The links at the second scale: 20,000 bounces (gen-corpus --reports 12 --bounces 20000
// --seed 5, kept in tests/data/links20k by its make-fixture) against truth.json's 18,187 pairs.
class TestLinkScale : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The mailbox is kept gzipped (11 MB instead of 67 MB); gzip is in every Debian system.
        const QString mailbox = m_dir.filePath(QStringLiteral("mail.mbox"));
        QVERIFY(gunzip(dataPath(QStringLiteral("links20k/mail.mbox.gz")), mailbox));
        const QString pairs = m_dir.filePath(QStringLiteral("links.tsv"));
        QVERIFY(gunzip(dataPath(QStringLiteral("links20k/links.tsv.gz")), pairs));
        QFile truth(pairs);
        QVERIFY(truth.open(QIODevice::ReadOnly));
        while (!truth.atEnd()) {
            const QList<QByteArray> fields = truth.readLine().trimmed().split('\t');
            QCOMPARE(fields.size(), 4);
            m_truth.insert(
                QString::fromUtf8(fields.at(0) + '\n' + fields.at(1) + '\n' + fields.at(2)),
                QString::fromUtf8(fields.at(3)));
        }
        QCOMPARE(m_truth.size(), 18187);

        QMap<QString, QString> names;
        QFile hosts(dataPath(QStringLiteral("links20k/names.tsv")));
        QVERIFY(hosts.open(QIODevice::ReadOnly));
        while (!hosts.atEnd()) {
            const QList<QByteArray> fields = hosts.readLine().trimmed().split('\t');
            names.insert(QString::fromUtf8(fields.at(0)), QString::fromUtf8(fields.value(1)));
        }
        m_dns = std::make_unique<DnsServer>(names, QStringList());
        QVERIFY2(m_dns->isRunning(), qPrintable(m_dns->output()));

        m_database = std::make_unique<Database>(m_dir.filePath(QStringLiteral("store.sqlite")));
        QSqlDatabase db = m_database->connection();
        Importer importer(db);
        QList<ImportLogEntry> missing;
        QVERIFY(importer.importAll(
            Importer::collectInputs(
                { dataPath(QStringLiteral("links20k/reports")), mailbox }, &missing),
            {}));
        ReverseDnsResolver resolver;
        resolver.setNameserver(DnsServer::Address);
        QSignalSpy finished(&resolver, &ReverseDnsResolver::finished);
        QTRY_VERIFY_WITH_TIMEOUT(
            DnsServer::answers(QDnsLookup::PTR, DnsServer::reverseName(names.firstKey())), 10000);
        resolver.resolve(ReverseDnsCache::pending(db, QDateTime::currentSecsSinceEpoch()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY(ReverseDnsCache::store(db, resolver.results()));
    }
    void cleanupTestCase() { m_database->closeThreadConnection(); }

    void precisionAndRecall()
    {
        QSqlDatabase db = m_database->connection();
        QString error;
        const qint64 sourceLinks = LinkStore::recompute(db, &error);
        QVERIFY2(sourceLinks > 0, qPrintable(error));
        const QList<LinkStore::LinkView> links = LinkStore::load(db, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        qint64 truePositives = 0, sameReasons = 0;
        for (const LinkStore::LinkView &link : links) {
            const auto it = m_truth.constFind(link.messageId + QLatin1Char('\n') + link.reportId
                + QLatin1Char('\n') + link.sourceIp);
            if (it == m_truth.cend())
                continue;
            ++truePositives;
            QStringList reasons = link.reasons;
            reasons.removeAll(QStringLiteral("envelope-domain")); // ours, not the generator's
            sameReasons += reasons.join(QLatin1Char(',')) == *it;
        }
        const double precision = double(truePositives) / double(qMax<qsizetype>(1, links.size()));
        const double recall = double(truePositives) / double(m_truth.size());
        qInfo("links at 20,000 bounces: truth %lld, found %lld (from %lld source links), precision "
              "%.4f, recall %.4f, same reasons %lld",
            qint64(m_truth.size()), qint64(links.size()), sourceLinks, precision, recall,
            sameReasons);
        QVERIFY(precision >= 0.95);
        QVERIFY(recall >= 0.9);
        QCOMPARE(sameReasons, truePositives);
    }

private:
    static bool gunzip(const QString &from, const QString &to)
    {
        QProcess gzip;
        gzip.setStandardOutputFile(to);
        gzip.start(QStringLiteral("gzip"), { QStringLiteral("-dc"), from });
        return gzip.waitForFinished(120000) && gzip.exitStatus() == QProcess::NormalExit
            && gzip.exitCode() == 0;
    }

    std::unique_ptr<DnsServer> m_dns;
    QHash<QString, QString> m_truth; // message, report, source -> reasons
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_database;
};

QTEST_GUILESS_MAIN(TestLinkScale)
#include "tst_linkscale.moc"
