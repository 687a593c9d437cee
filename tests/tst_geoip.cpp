#include "geoip.h"
#include "mmdbwriter.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

// Countries from a MaxMind-format database: a generated one, read by libmaxminddb.
class TestGeoIp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countries()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("test.mmdb"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(MmdbWriter::write({ { QStringLiteral("46.211.32.0"), QStringLiteral("UA") },
            { QStringLiteral("192.0.2.0"), QStringLiteral("DE") },
            { QStringLiteral("64.69.218.0"), QStringLiteral("US") } }));
        file.close();
        GeoIp geoip;
        QVERIFY2(geoip.open(path), qPrintable(geoip.errorString()));
        QCOMPARE(geoip.country(QStringLiteral("46.211.32.177")), QStringLiteral("UA"));
        QCOMPARE(geoip.country(QStringLiteral("192.0.2.25")), QStringLiteral("DE"));
        QCOMPARE(geoip.country(QStringLiteral("64.69.218.45")), QStringLiteral("US"));
        QCOMPARE(geoip.country(QStringLiteral("203.0.113.9")), QString());
        QCOMPARE(geoip.country(QStringLiteral("not an address")), QString());
    }

    // No database, or a broken one: no country, a clear error, nothing else.
    void absentOrBroken()
    {
        GeoIp geoip;
        QVERIFY(!geoip.isOpen());
        QCOMPARE(geoip.country(QStringLiteral("192.0.2.25")), QString());
        QVERIFY(!geoip.open(QStringLiteral("/nonexistent/GeoLite2-Country.mmdb")));
        QVERIFY(!geoip.errorString().isEmpty());
        QTemporaryDir dir;
        QFile junk(dir.filePath(QStringLiteral("junk.mmdb")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a database");
        junk.close();
        QVERIFY(!geoip.open(junk.fileName()));
        QCOMPARE(geoip.country(QStringLiteral("192.0.2.25")), QString());
    }
};

QTEST_GUILESS_MAIN(TestGeoIp)
#include "tst_geoip.moc"
