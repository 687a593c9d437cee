#include "chartexporter.h"
#include "chartview.h"
#include "dailyvolumemodel.h"
#include "dashboarddata.h"
#include "kpitile.h"
#include "namedcountmodel.h"
#include "overviewpage.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#include <QImageReader>
#include <QSet>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

namespace {

// The scenario's shape in miniature: three days, the middle one empty, four outcomes.
DashboardData sampleData()
{
    DashboardData data;
    DailyVolume first { QDate(2023, 3, 13), {} };
    first.outcomes.counts[OutcomeCounts::Pass] = 2;
    first.outcomes.counts[OutcomeCounts::FailReject] = 5;
    DailyVolume third { QDate(2023, 3, 15), {} };
    third.outcomes.counts[OutcomeCounts::FailQuarantine] = 1;
    data.daily = { first, { QDate(2023, 3, 14), {} }, third };
    data.byReporter = { { QStringLiteral("google.com"), 6 }, { QStringLiteral("Yahoo"), 2 } };
    data.byCategory
        = { { QStringLiteral("Threat / unknown"), 6 }, { QStringLiteral("Authorised"), 2 } };
    data.messages = 8;
    data.dmarcPass = 2;
    data.rejected = 5;
    data.quarantined = 1;
    data.domains = { { QStringLiteral("example.org"), QStringLiteral("p=reject"), 8 } };
    return data;
}

} // namespace

class TestChartExporter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        const DashboardData data = sampleData();
        m_daily.setDays(data.daily);
        m_reporters.setCounts(data.byReporter);
        m_categories.setCounts(data.byCategory);
    }

    void exportEveryChart_data()
    {
        QTest::addColumn<int>("chart");
        QTest::addColumn<QString>("suffix");
        for (auto id : ChartFactory::all())
            for (const QString &suffix : ChartExporter::supportedSuffixes())
                QTest::addRow("%s.%s", qPrintable(ChartFactory::name(id)), qPrintable(suffix))
                    << int(id) << suffix;
    }
    void exportEveryChart()
    {
        QFETCH(int, chart);
        QFETCH(QString, suffix);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chart.") + suffix);
        ChartExporter::Options options;
        options.size = QSize(640, 400);
        options.scale = 2;
        QString error;
        QVERIFY2(ChartExporter::save(ChartFactory::ChartId(chart), models(), path, options, &error),
            qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        if (suffix == QLatin1String("png")) {
            QImageReader reader(path);
            QCOMPARE(reader.format(), QByteArray("png"));
            const QImage image = reader.read();
            QCOMPARE(image.size(), QSize(1280, 800)); // the requested size at 2x
            // Not a blank page: a grid of samples finds the background, text and chart colours.
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 8)
                for (int x = 0; x < image.width(); x += 8)
                    colours.insert(image.pixel(x, y));
            QVERIFY2(colours.size() >= 4, qPrintable(QString::number(colours.size())));
        } else if (suffix == QLatin1String("svg")) {
            QSvgRenderer renderer(bytes);
            QVERIFY(renderer.isValid());
            QCOMPARE(renderer.viewBox(), QRect(0, 0, 640, 400));
            QVERIFY(bytes.contains(ChartFactory::title(ChartFactory::ChartId(chart)).toUtf8()));
        } else {
            QVERIFY(bytes.startsWith("%PDF"));
        }
    }

    void unknownFormatIsAnError()
    {
        QString error;
        QVERIFY(!ChartExporter::save(ChartFactory::ChartId::DailyVolume, models(),
            QStringLiteral("/tmp/x.bmp"), {}, &error));
        QVERIFY(error.contains(QLatin1String(".png")));
    }

    void namesRoundTrip()
    {
        for (auto id : ChartFactory::all()) {
            ChartFactory::ChartId parsed;
            QVERIFY(ChartFactory::fromName(ChartFactory::name(id), &parsed));
            QCOMPARE(parsed, id);
        }
        ChartFactory::ChartId unused;
        QVERIFY(!ChartFactory::fromName(QStringLiteral("nope"), &unused));
    }

    void chartsFollowTheirModels()
    {
        std::unique_ptr<QChart> chart(
            ChartFactory::create(ChartFactory::ChartId::DailyVolume, models(), false));
        QCOMPARE(chart->series().size(), 1);
        auto *series = qobject_cast<QAbstractBarSeries *>(chart->series().first());
        QVERIFY(series);
        QCOMPARE(series->barSets().size(), 4); // one per outcome
        QCOMPARE(series->barSets().at(3)->at(0), 5.0); // rejected on the first day
        m_daily.setDays({});
        QCOMPARE(series->barSets().isEmpty() || series->barSets().first()->count() == 0, true);
    }

    void chartsFollowTheDarkPalette()
    {
        ChartView view(ChartFactory::ChartId::DailyVolume, models());
        QCOMPARE(view.chart()->theme(), QChart::ChartThemeLight);
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x25));
        dark.setColor(QPalette::WindowText, Qt::white);
        view.setPalette(dark);
        QCOMPARE(view.chart()->theme(), QChart::ChartThemeDark);
        // The outcome colours survive the theme change.
        auto *series = qobject_cast<QAbstractBarSeries *>(view.chart()->series().first());
        QCOMPARE(series->barSets().at(3)->color(), QColor(0xc4, 0x3c, 0x39));
    }

    void overviewShowsTheFigures()
    {
        OverviewPage page(models());
        page.setData(sampleData());
        QCOMPARE(page.tile(0)->value(), QStringLiteral("8"));
        QCOMPARE(page.tile(1)->value(), QStringLiteral("25.0 %"));
        QCOMPARE(page.charts().size(), 3);
    }

private:
    ChartFactory::Models models() { return { &m_daily, &m_reporters, &m_categories }; }

    DailyVolumeModel m_daily;
    NamedCountModel m_reporters { QStringLiteral("Reporter") };
    NamedCountModel m_categories { QStringLiteral("Category") };
};

QTEST_MAIN(TestChartExporter)
#include "tst_chartexporter.moc"
