#include "database.h"
#include "importer.h"
#include "mboxsegments.h"
#include "summary.h"
#include "testutil.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using Outcome = ImportLogEntry::Outcome;
using TestUtil::dataPath;

class TestImporter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_database = std::make_unique<Database>(m_dir->filePath(QStringLiteral("store.sqlite")));
        QVERIFY(m_database->connection().isOpen());
    }
    void cleanup() { m_database->closeThreadConnection(); }

    // Every aggregate report of the real corpus, each into an empty store.
    void realCorpus_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("outcome");
        // The three the corpus index itself marks as broken; everything else must import.
        const QStringList broken
            = { QStringLiteral("ikea.com!example.de!1538690400!1538776800.xml"),
                  QStringLiteral("invalid_xml.xml"), QStringLiteral("test_empty.xml") };
        QDirIterator it(
            dataPath(QStringLiteral("corpus")), QDir::Files, QDirIterator::Subdirectories);
        QStringList files;
        while (it.hasNext()) {
            const QString file = it.next();
            if (!file.contains(QLatin1String("/aggregate/")))
                continue;
            files.append(file);
        }
        files.sort();
        QVERIFY(files.size() >= 59);
        for (const QString &file : std::as_const(files)) {
            const bool isBroken = broken.contains(QFileInfo(file).fileName());
            QTest::newRow(qPrintable(file.mid(file.indexOf(QLatin1String("corpus/")))))
                << file << int(isBroken ? Outcome::Rejected : Outcome::Imported);
        }
    }
    void realCorpus()
    {
        QFETCH(QString, file);
        QFETCH(int, outcome);
        Importer importer(m_database->connection());
        const ImportLogEntry entry = importer.importFile({ file, false });
        QVERIFY2(int(entry.outcome) == outcome, qPrintable(entry.error));
        if (entry.outcome == Outcome::Imported)
            QCOMPARE(entry.reports, 1);
        else
            QVERIFY(!entry.error.isEmpty());
    }

    void wholeCorpusDeduplicates()
    {
        QList<ImportLogEntry> missing;
        const auto inputs
            = Importer::collectInputs({ dataPath(QStringLiteral("corpus")) }, &missing);
        Importer importer(m_database->connection());
        int imported = 0, duplicates = 0, rejected = 0, ignored = 0;
        for (const auto &input : inputs) {
            const ImportLogEntry entry = importer.importFile(input);
            imported += entry.reports;
            duplicates += entry.duplicates;
            rejected += entry.outcome == Outcome::Rejected;
            ignored += entry.outcome == Outcome::Ignored;
        }
        // .gz/.zip twins of the same XML, and reports copied between projects, count once; the
        // eight report mails carry eight more reports. set-of-emails ships each message in
        // several line-ending copies (bsd, dos, mac): 273 of the duplicates are mail.
        QCOMPARE(imported, 51);
        QCOMPARE(duplicates, 286);
        // The three broken aggregate reports, and seven empty or non-report files the corpus
        // keeps as bad examples under other/.
        QCOMPARE(rejected, 10);
        // Licences, the indexes, TLS reports in JSON, auto-replies and other mail.
        QCOMPARE(ignored, 123);
        QCOMPARE(Summary::compute(m_database->connection()).reports, 51);
    }

    void malformed_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QString>("error");
        auto row = [](const char *kind, Outcome outcome, const char *error) {
            QTest::newRow(kind) << QString::fromLatin1(kind) << int(outcome)
                                << QString::fromUtf8(error);
        };
        row("truncated-gzip", Outcome::Rejected, "truncated gzip");
        row("zip-path-traversal", Outcome::Rejected, "no XML report");
        row("zip-bomb", Outcome::Rejected, "limit for one document");
        row("gzip-bomb", Outcome::Rejected, "limit for one document");
        row("xxe", Outcome::Rejected, "DOCTYPE");
        row("billion-laughs", Outcome::Rejected, "DOCTYPE");
        row("external-dtd", Outcome::Rejected, "DOCTYPE");
        row("invalid-utf8", Outcome::Imported, ""); // repaired, with a warning
        row("not-xml", Outcome::Rejected, "neither XML, gzip, zip nor mail");
        row("deep-unknown-5mb-text", Outcome::Rejected, "decompression bomb");
        row("swapped-date-range", Outcome::Rejected, "begins");
        row("negative-date-range", Outcome::Rejected, "negative");
        row("non-ip-source", Outcome::Rejected, "none of its 1 records");
        row("count-2-63", Outcome::Rejected, "none of its 1 records");
        row("empty", Outcome::Rejected, "empty");
    }
    void malformed()
    {
        QFETCH(QString, kind);
        QFETCH(int, outcome);
        QFETCH(QString, error);
        QDirIterator it(dataPath(QStringLiteral("malformed")),
            { kind + QLatin1String(".example*") }, QDir::Files);
        QVERIFY(it.hasNext());
        Importer importer(m_database->connection());
        const ImportLogEntry entry = importer.importFile({ it.next(), false });
        QVERIFY2(int(entry.outcome) == outcome, qPrintable(entry.error));
        QVERIFY2(entry.error.contains(error), qPrintable(entry.error));
        QVERIFY(importer.log(entry));
        if (entry.outcome == Outcome::Imported)
            QVERIFY(entry.warnings.join(QLatin1Char(' ')).contains(QLatin1String("UTF-8")));
    }

    void malformedSetDoesNotStopTheRest()
    {
        // Hostile files first, a good one last, in one run: the good one still arrives.
        QTemporaryDir dir;
        const QString good = dataPath(QStringLiteral("corpus/mail-dmarc/aggregate/test_dmarc.xml"));
        QList<ImportLogEntry> missing;
        auto inputs
            = Importer::collectInputs({ dataPath(QStringLiteral("malformed")), good }, &missing);
        Importer importer(m_database->connection());
        ImportLogEntry last;
        for (const auto &input : inputs)
            last = importer.importFile(input);
        QCOMPARE(last.outcome, Outcome::Imported);
        // + invalid-utf8 (repaired) and the intact attachment of missing-closing-boundary.eml
        QCOMPARE(Summary::compute(m_database->connection()).reports, 3);
    }

    // A bulk import stores reports without a savepoint each. When one fails half-written (here a
    // trigger refuses Mail.Ru's second record), the batch is stored again, a report at a time:
    // the other eleven arrive whole, Mail.Ru's report leaves no row behind, and its input says why.
    void reportFailingHalfWrittenLeavesTheRest()
    {
        QSqlQuery query(m_database->connection());
        QVERIFY(query.exec(QStringLiteral(
            "CREATE TRIGGER refuse_second_record BEFORE INSERT ON records WHEN (SELECT org_name "
            "FROM reports WHERE id = NEW.report_ref) = 'Mail.Ru' AND EXISTS (SELECT 1 FROM "
            "records WHERE report_ref = NEW.report_ref) BEGIN SELECT RAISE(ABORT, 'injected "
            "failure'); END")));
        QList<ImportLogEntry> missing;
        const auto inputs
            = Importer::collectInputs({ dataPath(QStringLiteral("scenario/reports")) }, &missing);
        QCOMPARE(inputs.size(), 12);
        Importer importer(m_database->connection());
        QList<ImportLogEntry> entries;
        QVERIFY(importer.importAll(
            inputs, [&](const ImportLogEntry &entry) { entries.append(entry); }));
        QCOMPARE(entries.size(), 12);
        int rejected = 0;
        for (const ImportLogEntry &entry : std::as_const(entries)) {
            if (entry.outcome != Outcome::Rejected)
                continue;
            ++rejected;
            QVERIFY2(entry.path.contains(QLatin1String("mail.ru")), qPrintable(entry.path));
            QVERIFY2(
                entry.error.contains(QLatin1String("injected failure")), qPrintable(entry.error));
        }
        QCOMPARE(rejected, 1);

        const QJsonObject totals
            = TestUtil::scenarioTruth().value(QStringLiteral("totals")).toObject();
        const Summary summary = Summary::compute(m_database->connection());
        QCOMPARE(
            summary.reports, totals.value(QStringLiteral("aggregate_reports")).toInteger() - 1);
        QCOMPARE(summary.records, totals.value(QStringLiteral("records")).toInteger() - 2);
        QCOMPARE(summary.messages, totals.value(QStringLiteral("messages")).toInteger() - 2);
        QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM import_log")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 12);
    }

    // An mbox over the part size is read a part at a time, each part whole messages; the file
    // still gets one log entry, and the store ends up exactly as after reading it whole. The
    // file cap (here far below the mailbox's size) then applies to each part, not to the file.
    void largeMboxIsReadInParts()
    {
        const QString mbox = dataPath(QStringLiteral("scenario/mail.mbox"));
        InputCaps caps;
        caps.mboxPartBytes = 64 * 1024;
        caps.maxInputBytes = 128 * 1024;
        QVERIFY(QFileInfo(mbox).size() > 4 * caps.maxInputBytes);
        QList<ImportLogEntry> missing;
        const auto inputs = Importer::collectInputs({ mbox }, &missing);
        QList<ImportLogEntry> entries;
        qint64 storedBytes = 0;
        Importer importer(m_database->connection(), caps);
        QVERIFY(importer.importAll(
            inputs, [&](const ImportLogEntry &entry) { entries.append(entry); }, {},
            [&](qint64 bytes) { storedBytes += bytes; }));
        QCOMPARE(storedBytes, QFileInfo(mbox).size());
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().path, mbox);
        QVERIFY2(entries.first().outcome == Outcome::Imported, qPrintable(entries.first().error));
        QVERIFY2(entries.first().error.isEmpty(), qPrintable(entries.first().error));
        QCOMPARE(entries.first().bytes, QFileInfo(mbox).size());

        QTemporaryDir wholeDir;
        Database whole(wholeDir.filePath(QStringLiteral("whole.sqlite")));
        Importer wholeImporter(whole.connection());
        QVERIFY(wholeImporter.importAll(inputs, {}));
        QCOMPARE(Summary::compute(m_database->connection()).toJson(),
            Summary::compute(whole.connection()).toJson());
        const QJsonObject totals
            = TestUtil::scenarioTruth().value(QStringLiteral("totals")).toObject();
        QCOMPARE(Summary::compute(m_database->connection()).reports,
            totals.value(QStringLiteral("aggregate_reports")).toInteger());
        whole.closeThreadConnection();
    }

    // Parts start at a "From " line and together are the file, byte for byte; each knows the
    // number of its first message.
    void mboxPartsAreWholeMessages()
    {
        const QString mbox = dataPath(QStringLiteral("scenario/mail.mbox"));
        QFile file(mbox);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        const QList<MboxSegments::Segment> parts = MboxSegments::split(mbox, 64 * 1024);
        QVERIFY(parts.size() >= bytes.size() / (64 * 1024) - 1);
        QVERIFY(parts.size() > 3);
        qint64 next = 0;
        int message = 1;
        for (const MboxSegments::Segment &part : parts) {
            QCOMPARE(part.offset, next);
            QCOMPARE(part.firstMessage, message);
            const QByteArray text = bytes.mid(part.offset, part.length);
            QVERIFY(text.startsWith("From "));
            message += 1 + int(text.count("\nFrom "));
            next += part.length;
        }
        QCOMPARE(next, bytes.size());
        QCOMPARE(message - 1, 217);
        QCOMPARE(MboxSegments::split(mbox, bytes.size()).size(), 1);
    }

    // A message over the input cap inside a large mbox is refused alone, by its number; the
    // messages around it are read.
    void oversizedMessageInMboxIsRefusedAlone()
    {
        QFile source(dataPath(QStringLiteral("scenario/mail.mbox")));
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QByteArray scenario = source.readAll();
        const QByteArray huge = "From someone@example.org Mon Mar 13 10:00:00 2023\n"
                                "From: someone@example.org\nSubject: big\n\n"
            + QByteArray(300 * 1024, 'x') + "\n";
        const QString path = m_dir->filePath(QStringLiteral("big.mbox"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(huge + scenario);
        out.close();

        InputCaps caps;
        caps.mboxPartBytes = 64 * 1024;
        caps.maxInputBytes = 256 * 1024;
        QList<ImportLogEntry> missing;
        QList<ImportLogEntry> entries;
        Importer importer(m_database->connection(), caps);
        QVERIFY(importer.importAll(Importer::collectInputs({ path }, &missing),
            [&](const ImportLogEntry &entry) { entries.append(entry); }));
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().outcome, Outcome::Imported);
        QVERIFY2(entries.first().error.contains(QLatin1String("message 1 is")),
            qPrintable(entries.first().error));
        const QJsonObject totals
            = TestUtil::scenarioTruth().value(QStringLiteral("totals")).toObject();
        QCOMPARE(Summary::compute(m_database->connection()).reports,
            totals.value(QStringLiteral("aggregate_reports")).toInteger());
    }

    void missingPathIsReported()
    {
        QList<ImportLogEntry> missing;
        const auto inputs
            = Importer::collectInputs({ QStringLiteral("/no/such/file.xml") }, &missing);
        QVERIFY(inputs.isEmpty());
        QCOMPARE(missing.size(), 1);
        QCOMPARE(missing.first().outcome, Outcome::Rejected);
        QVERIFY(missing.first().error.contains(QLatin1String("no such file")));
    }

    void scenarioEqualsTruth()
    {
        const QJsonObject truth = TestUtil::scenarioTruth();
        QVERIFY(!truth.isEmpty());
        QList<ImportLogEntry> missing;
        // The whole scenario folder: its mail is not read yet and must be skipped, not rejected.
        const auto inputs
            = Importer::collectInputs({ dataPath(QStringLiteral("scenario")) }, &missing);
        Importer importer(m_database->connection());
        for (const auto &input : inputs) {
            const ImportLogEntry entry = importer.importFile(input);
            QVERIFY2(entry.outcome != Outcome::Rejected, qPrintable(entry.path + entry.error));
        }
        const Summary summary = Summary::compute(m_database->connection());
        const QJsonObject totals = truth.value(QStringLiteral("totals")).toObject();
        QCOMPARE(summary.reports, totals.value(QStringLiteral("aggregate_reports")).toInteger());
        QCOMPARE(summary.records, totals.value(QStringLiteral("records")).toInteger());
        QCOMPARE(summary.messages, totals.value(QStringLiteral("messages")).toInteger());
        QCOMPARE(summary.toJson().value(QStringLiteral("by_result_disposition")).toObject(),
            totals.value(QStringLiteral("by_result_disposition")).toObject());

        QMap<QString, QPair<qint64, qint64>> expected; // org -> reports, messages
        for (const auto &value : truth.value(QStringLiteral("aggregate_reports")).toArray()) {
            const QJsonObject report = value.toObject();
            auto &slot = expected[report.value(QStringLiteral("org_name")).toString()];
            slot.first += 1;
            slot.second += report.value(QStringLiteral("messages")).toInteger();
        }
        QCOMPARE(summary.reporters.size(), expected.size());
        for (const auto &reporter : summary.reporters) {
            QVERIFY2(expected.contains(reporter.orgName), qPrintable(reporter.orgName));
            QCOMPARE(reporter.reports, expected.value(reporter.orgName).first);
            QCOMPARE(reporter.messages, expected.value(reporter.orgName).second);
        }
    }

    // Reports arrive by mail: the Maildir and the mbox give the same twelve reports as the files,
    // every other mail (bounces, failure reports, auto-replies, noise) is skipped, not an error.
    void scenarioMailEqualsTruth_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("inputs");
        QTest::addColumn<int>("ignored");
        // Auto-replies and noise (29) are the only mail that carries nothing to store.
        QTest::newRow("Maildir") << QStringLiteral("scenario/mail") << 217 << 29;
        QTest::newRow("mbox") << QStringLiteral("scenario/mail.mbox") << 1 << 0;
    }
    void scenarioMailEqualsTruth()
    {
        QFETCH(QString, input);
        QFETCH(int, inputs);
        QFETCH(int, ignored);
        QList<ImportLogEntry> missing;
        const auto list = Importer::collectInputs({ dataPath(input) }, &missing);
        QCOMPARE(list.size(), inputs);
        Importer importer(m_database->connection());
        int skipped = 0;
        for (const auto &item : list) {
            const ImportLogEntry entry = importer.importFile(item);
            QVERIFY2(entry.outcome != Outcome::Rejected, qPrintable(entry.path + entry.error));
            skipped += entry.outcome == Outcome::Ignored;
        }
        QCOMPARE(skipped, ignored);
        const QJsonObject totals
            = TestUtil::scenarioTruth().value(QStringLiteral("totals")).toObject();
        const Summary summary = Summary::compute(m_database->connection());
        QCOMPARE(summary.reports, totals.value(QStringLiteral("aggregate_reports")).toInteger());
        QCOMPARE(summary.messages, totals.value(QStringLiteral("messages")).toInteger());
        // And the files afterwards are the same reports.
        for (const auto &item :
            Importer::collectInputs({ dataPath(QStringLiteral("scenario/reports")) }, &missing))
            QCOMPARE(importer.importFile(item).outcome, Outcome::Duplicate);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
};

QTEST_GUILESS_MAIN(TestImporter)
#include "tst_importer.moc"
