#include "contentsniffer.h"

#include <QTest>

class TestContentSniffer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sniff_data()
    {
        using Kind = ContentSniffer::Kind;
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("kind");
        QTest::newRow("empty") << QByteArray() << int(Kind::Empty);
        QTest::newRow("gzip") << QByteArray("\x1f\x8b\x08\x00", 4) << int(Kind::Gzip);
        QTest::newRow("zip") << QByteArray("PK\x03\x04rest", 8) << int(Kind::Zip);
        QTest::newRow("empty zip") << QByteArray("PK\x05\x06", 4) << int(Kind::Zip);
        QTest::newRow("xml declaration") << QByteArray("<?xml version=\"1.0\"?>") << int(Kind::Xml);
        QTest::newRow("bom and blanks")
            << QByteArray("\xEF\xBB\xBF \r\n\t<feedback>") << int(Kind::Xml);
        QTest::newRow("utf-16 bom") << QByteArray("\xFF\xFE<\0", 4) << int(Kind::Xml);
        QTest::newRow("png named xml") << QByteArray("\x89PNG\r\n\x1a\n", 8) << int(Kind::Unknown);
        QTest::newRow("mail") << QByteArray("From: someone\r\n") << int(Kind::Unknown);
        QTest::newRow("only blanks") << QByteArray("   \n") << int(Kind::Unknown);
    }
    void sniff()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, kind);
        QCOMPARE(int(ContentSniffer::sniff(head)), kind);
    }
};

QTEST_GUILESS_MAIN(TestContentSniffer)
#include "tst_contentsniffer.moc"
