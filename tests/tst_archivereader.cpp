#include "archivereader.h"
#include "testutil.h"

#include <QTest>

using TestUtil::dataPath;
using TestUtil::readFile;

class TestArchiveReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void extract_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("documents"); // member names of readable documents
        QTest::addColumn<QString>("error"); // part of the input's error, or empty
        QTest::addColumn<int>("warnings");

        const QString converter = QStringLiteral("corpus/dmarc-report-converter/aggregate/");
        QTest::newRow("bare xml") << converter + QLatin1String("test.xml")
                                  << QStringList { QString() } << QString() << 0;
        QTest::newRow("gzip") << converter + QLatin1String("test.xml.gz")
                              << QStringList { QString() } << QString() << 0;
        QTest::newRow("gzip in gzip") << converter + QLatin1String("test.xml.gz.gz")
                                      << QStringList { QString() } << QString() << 0;
        QTest::newRow("zip") << converter + QLatin1String("test.xml.zip")
                             << QStringList { QStringLiteral("test.xml") } << QString() << 0;
        QTest::newRow("zip member without a name")
            << QStringLiteral("corpus/mail-dmarc/aggregate/test_dmarc.xml.zip")
            << QStringList { QStringLiteral("member 1") } << QString() << 0;
        QTest::newRow("gzip with trailing bytes") << QStringLiteral("quirks/trailing-bytes.xml.gz")
                                                  << QStringList { QString() } << QString() << 0;
        QTest::newRow("zip with folders, nested gzip and a readme")
            << QStringLiteral("quirks/multi-member.zip")
            << QStringList { QStringLiteral("reports/a.xml"), QStringLiteral("reports/b.xml.gz"),
                   QStringLiteral("c") }
            << QString() << 1;
        QTest::newRow("one broken member keeps the other")
            << QStringLiteral("quirks/one-bad-member.zip")
            << QStringList { QStringLiteral("good.xml"), QStringLiteral("broken.xml") } << QString()
            << 0;

        const QString malformed = QStringLiteral("malformed/");
        const QString suffix = QStringLiteral(".example!swznet.de!1678665600!1678751999");
        QTest::newRow("truncated gzip")
            << malformed + QLatin1String("truncated-gzip") + suffix + QLatin1String(".xml.gz")
            << QStringList() << QStringLiteral("truncated") << 0;
        QTest::newRow("gzip bomb")
            << malformed + QLatin1String("gzip-bomb") + suffix + QLatin1String(".xml.gz")
            << QStringList() << QStringLiteral("limit for one document") << 0;
        QTest::newRow("path traversal")
            << malformed + QLatin1String("zip-path-traversal") + suffix + QLatin1String(".zip")
            << QStringList() << QStringLiteral("no XML report") << 2;
        QTest::newRow("png named xml")
            << malformed + QLatin1String("not-xml") + suffix + QLatin1String(".xml")
            << QStringList() << QStringLiteral("neither XML") << 0;
        QTest::newRow("empty") << malformed + QLatin1String("empty") + suffix
                + QLatin1String(".xml")
                               << QStringList() << QStringLiteral("empty") << 0;
    }

    void extract()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, documents);
        QFETCH(QString, error);
        QFETCH(int, warnings);

        const QByteArray input = readFile(dataPath(file));
        QVERIFY(!input.isEmpty() || file.contains(QLatin1String("empty")));
        ArchiveReader reader;
        const ExtractResult result = reader.extract(input);
        if (error.isEmpty())
            QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        else
            QVERIFY2(result.error.contains(error), qPrintable(result.error));
        QStringList names;
        for (const auto &document : result.documents)
            names.append(document.name);
        QCOMPARE(names, documents);
        QCOMPARE(result.warnings.size(), warnings);
        for (const auto &document : result.documents) {
            if (document.name == QLatin1String("broken.xml") || !document.error.isEmpty())
                continue;
            QVERIFY(document.data.contains("<feedback"));
        }
    }

    void zipBombStopsAtTheMemberCap()
    {
        InputCaps caps;
        caps.maxMemberBytes = 4 << 20;
        caps.maxRatio = 1 << 20; // only the member cap can stop it
        ArchiveReader reader(caps);
        const ExtractResult result = reader.extract(readFile(dataPath(
            QStringLiteral("malformed/zip-bomb.example!swznet.de!1678665600!1678751999.zip"))));
        QCOMPARE(result.documents.size(), 1);
        QVERIFY(result.documents.first().data.isEmpty());
        QVERIFY2(result.documents.first().error.contains(QLatin1String("4.0 MB")),
            qPrintable(result.documents.first().error));
    }

    void ratioCapNamesTheRatio()
    {
        InputCaps caps;
        caps.ratioFloorBytes = 1 << 20;
        ArchiveReader reader(caps);
        const ExtractResult result = reader.extract(readFile(dataPath(
            QStringLiteral("malformed/gzip-bomb.example!swznet.de!1678665600!1678751999.xml.gz"))));
        // 1.9 MB in, capped at 100x: the ratio or the member cap stops it, whichever comes first.
        QVERIFY(!result.error.isEmpty());
        QVERIFY(result.documents.isEmpty());
    }

    void totalCapAcrossMembers()
    {
        InputCaps caps;
        caps.maxTotalBytes = 2000; // test.xml is 1861 bytes: the second member crosses it
        ArchiveReader reader(caps);
        const ExtractResult result
            = reader.extract(readFile(dataPath(QStringLiteral("quirks/multi-member.zip"))));
        bool sawTotalCap = false;
        for (const auto &document : result.documents)
            sawTotalCap |= document.error.contains(QLatin1String("in all"));
        QVERIFY(sawTotalCap);
    }

    void memberCountCap()
    {
        InputCaps caps;
        caps.maxMembers = 1;
        ArchiveReader reader(caps);
        const ExtractResult result
            = reader.extract(readFile(dataPath(QStringLiteral("quirks/multi-member.zip"))));
        QVERIFY(result.documents.size() >= 2);
        QCOMPARE(result.documents.first().error, QString());
        QVERIFY(result.documents.last().error.contains(QLatin1String("more than 1")));
    }

    void nestingCap()
    {
        InputCaps caps;
        caps.maxNesting = 1;
        ArchiveReader reader(caps);
        // gzip inside gzip is peeled by libarchive's own filter chain; a gzip inside a zip is a
        // layer of ours.
        const ExtractResult result
            = reader.extract(readFile(dataPath(QStringLiteral("quirks/multi-member.zip"))));
        bool sawNestingCap = false;
        for (const auto &document : result.documents)
            if (document.name == QLatin1String("reports/b.xml.gz"))
                sawNestingCap = document.error.contains(QLatin1String("layers deep"));
        QVERIFY(sawNestingCap);
    }

    void inputSizeCap()
    {
        InputCaps caps;
        caps.maxInputBytes = 100;
        ArchiveReader reader(caps);
        const ExtractResult result = reader.extract(QByteArray(200, '<'));
        QVERIFY(result.error.contains(QLatin1String("over the limit")));
    }
};

QTEST_GUILESS_MAIN(TestArchiveReader)
#include "tst_archivereader.moc"
