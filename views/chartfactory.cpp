#include "chartfactory.h"

#include "sourceclassifier.h"

#include "dailyvolumemodel.h"
#include "itemroles.h"
#include "namedcountmodel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QCoreApplication>
#include <QGraphicsLayout>
#include <QHash>
#include <QHorizontalBarSeries>
#include <QPieSeries>
#include <QPieSlice>
#include <QSortFilterProxyModel>
#include <QStackedBarSeries>
#include <QVBarModelMapper>
#include <QValueAxis>

namespace ChartFactory {

namespace {

// The outcome colours, used by every chart that shows outcomes: green passes, then amber, orange
// and red for failures delivered, quarantined and rejected.
const QColor OutcomeColors[] = { QColor(0x2e, 0x9e, 0x4f), QColor(0xd9, 0xa4, 0x1e),
    QColor(0xe0, 0x70, 0x2b), QColor(0xc4, 0x3c, 0x39) };

QString tr(const char *text)
{
    return QCoreApplication::translate("ChartFactory", text);
}

// Category labels of a bar chart come from the model's first column; mappers only map values.
void fillCategories(QBarCategoryAxis *axis, const QAbstractItemModel *model, int column)
{
    QStringList labels;
    for (int row = 0; row < model->rowCount(); ++row)
        labels.append(model->index(row, column).data().toString());
    axis->clear();
    axis->append(labels);
}

QColor categoryColour(const QString &category)
{
    using Category = SourceClass::Category;
    static const QHash<QString, QColor> colours = {
        { SourceClass::categoryTitle(Category::Authorized), OutcomeColors[0] },
        { SourceClass::categoryTitle(Category::Forwarder), QColor(0x2f, 0x6f, 0xb3) },
        { SourceClass::categoryTitle(Category::MisalignedService), OutcomeColors[1] },
        { SourceClass::categoryTitle(Category::Threat), OutcomeColors[3] },
    };
    return colours.value(category);
}

QValueAxis *countAxis()
{
    auto *axis = new QValueAxis;
    axis->setLabelFormat(QStringLiteral("%d"));
    axis->setMin(0);
    return axis;
}

// Keeps the value axis a little above the tallest bar, with ticks on whole numbers: counts of
// messages have no fractions, and "0 0 0 1" labels would lie.
void fitCountAxis(QValueAxis *axis, qint64 maximum)
{
    maximum = qMax<qint64>(1, maximum);
    // A 1-2-5 step giving at most about six intervals.
    qint64 step = 1;
    for (qint64 magnitude = 1;; magnitude *= 10) {
        if (maximum <= 6 * magnitude) {
            step = magnitude;
            break;
        }
        if (maximum <= 12 * magnitude) {
            step = 2 * magnitude;
            break;
        }
        if (maximum <= 30 * magnitude) {
            step = 5 * magnitude;
            break;
        }
    }
    const qint64 top = (maximum + step - 1) / step * step;
    // Fixed ticks while the range and interval change: with dynamic ticks, a new range under
    // the old interval (or the reverse) would lay out millions of tick items for a moment.
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setRange(0, double(top));
    axis->setTickAnchor(0);
    axis->setTickInterval(double(step));
    axis->setTickType(QValueAxis::TicksDynamic);
}

void dailyVolume(QChart *chart, DailyVolumeModel *model)
{
    auto *series = new QStackedBarSeries;
    auto *mapper = new QVBarModelMapper(series);
    mapper->setFirstBarSetColumn(DailyVolumeModel::PassColumn);
    mapper->setLastBarSetColumn(DailyVolumeModel::FailRejectColumn);
    mapper->setSeries(series);
    mapper->setModel(model);
    auto colour = [series] {
        const auto sets = series->barSets();
        for (int i = 0; i < sets.size() && i < 4; ++i) {
            sets.at(i)->setColor(OutcomeColors[i]);
            sets.at(i)->setBorderColor(OutcomeColors[i]);
        }
    };
    colour();
    chart->addSeries(series);
    auto *days = new QBarCategoryAxis;
    auto *counts = countAxis();
    chart->addAxis(days, Qt::AlignBottom);
    chart->addAxis(counts, Qt::AlignLeft);
    series->attachAxis(days);
    series->attachAxis(counts);
    auto update = [model, days, counts, colour] {
        fillCategories(days, model, DailyVolumeModel::DayColumn);
        days->setTitleText(
            model->headerData(DailyVolumeModel::DayColumn, Qt::Horizontal, Qt::DisplayRole)
                .toString());
        qint64 maximum = 0;
        for (int row = 0; row < model->rowCount(); ++row) {
            qint64 total = 0;
            for (int column = DailyVolumeModel::PassColumn; column < DailyVolumeModel::ColumnCount;
                 ++column)
                total += model->index(row, column).data().toLongLong();
            maximum = qMax(maximum, total);
        }
        fitCountAxis(counts, maximum);
        colour();
    };
    update();
    QObject::connect(model, &QAbstractItemModel::modelReset, series, update);
    counts->setTitleText(tr("Messages"));
    chart->legend()->setAlignment(Qt::AlignBottom);
}

void byReporter(QChart *chart, NamedCountModel *source)
{
    auto *series = new QHorizontalBarSeries;
    // Horizontal bars grow upwards from the first row: sort ascending so the largest is on top.
    auto *model = new QSortFilterProxyModel(series);
    model->setSourceModel(source);
    model->setSortRole(ItemRoles::SortRole);
    model->sort(NamedCountModel::MessagesColumn, Qt::AscendingOrder);
    // One bar set, read down the messages column; the bars' orientation is the series' business.
    auto *vertical = new QVBarModelMapper(series);
    vertical->setFirstBarSetColumn(NamedCountModel::MessagesColumn);
    vertical->setLastBarSetColumn(NamedCountModel::MessagesColumn);
    vertical->setSeries(series);
    vertical->setModel(model);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    chart->addSeries(series);
    auto *names = new QBarCategoryAxis;
    names->setTruncateLabels(false); // reporter names are the point of this chart
    auto *counts = countAxis();
    chart->addAxis(names, Qt::AlignLeft);
    chart->addAxis(counts, Qt::AlignBottom);
    series->attachAxis(names);
    series->attachAxis(counts);
    auto update = [model, names, counts, series] {
        fillCategories(names, model, NamedCountModel::NameColumn);
        qint64 maximum = 0;
        for (int row = 0; row < model->rowCount(); ++row)
            maximum = qMax(
                maximum, model->index(row, NamedCountModel::MessagesColumn).data().toLongLong());
        // Room for the value labels outside the longest bar.
        fitCountAxis(counts, maximum + qMax<qint64>(1, maximum / 8));
        for (auto *set : series->barSets())
            set->setColor(QColor(0x2f, 0x6f, 0xb3));
    };
    update();
    QObject::connect(model, &QAbstractItemModel::layoutChanged, series, update);
    QObject::connect(model, &QAbstractItemModel::modelReset, series, update);
    chart->legend()->hide();
}

void byCategory(QChart *chart, NamedCountModel *model)
{
    auto *series = new QPieSeries;
    series->setHoleSize(0.45);
    // Filled by hand: QPieModelMapper crashes when its series is destroyed (Qt 6.4), and the
    // handful of categories needs no incremental updates anyway. Categories keep their colour
    // everywhere; the legend names each slice with its count.
    auto fill = [series, model] {
        series->clear();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QString category
                = model->index(row, NamedCountModel::NameColumn).data().toString();
            const qint64 messages
                = model->index(row, NamedCountModel::MessagesColumn).data().toLongLong();
            QPieSlice *slice = series->append(
                QStringLiteral("%1: %2").arg(category).arg(messages), double(messages));
            const QColor colour = categoryColour(category);
            if (colour.isValid()) {
                slice->setColor(colour);
                slice->setBorderColor(colour);
            }
        }
    };
    fill();
    QObject::connect(model, &QAbstractItemModel::modelReset, series, fill);
    chart->addSeries(series);
    chart->legend()->setAlignment(Qt::AlignRight);
}

} // namespace

namespace {

// Every chart once: its command-line name and its title.
struct ChartInfo
{
    ChartId id;
    const char *name;
    const char *title;
};
const ChartInfo Charts[] = {
    { ChartId::DailyVolume, "daily-volume",
        QT_TRANSLATE_NOOP("ChartFactory", "Messages over time by outcome") },
    { ChartId::ByReporter, "by-reporter",
        QT_TRANSLATE_NOOP("ChartFactory", "Messages by reporter") },
    { ChartId::ByCategory, "by-category",
        QT_TRANSLATE_NOOP("ChartFactory", "Messages by source category") },
};

const ChartInfo &info(ChartId id)
{
    for (const ChartInfo &chart : Charts)
        if (chart.id == id)
            return chart;
    return Charts[0];
}

} // namespace

QList<ChartId> all()
{
    QList<ChartId> ids;
    for (const ChartInfo &chart : Charts)
        ids.append(chart.id);
    return ids;
}

QString name(ChartId id)
{
    return QString::fromLatin1(info(id).name);
}

QString title(ChartId id)
{
    return tr(info(id).title);
}

bool fromName(const QString &chartName, ChartId *id)
{
    for (ChartId candidate : all()) {
        if (name(candidate) == chartName) {
            *id = candidate;
            return true;
        }
    }
    return false;
}

QChart *create(ChartId id, const Models &models, bool dark)
{
    auto *chart = new QChart;
    // The theme first: setting it later would reset the colours the builders choose.
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    switch (id) {
    case ChartId::DailyVolume:
        dailyVolume(chart, models.daily);
        break;
    case ChartId::ByReporter:
        byReporter(chart, models.byReporter);
        break;
    case ChartId::ByCategory:
        byCategory(chart, models.byCategory);
        break;
    }
    chart->setTitle(title(id));
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    // The background covers the whole item: exports have no frame of another colour.
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    return chart;
}

} // namespace ChartFactory
