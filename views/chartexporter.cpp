#include "chartexporter.h"

#include <QChart>
#include <QCoreApplication>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <memory>

namespace ChartExporter {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ChartExporter", text);
}

// A chart alone in a scene, laid out at the given size.
class DetachedChart
{
public:
    DetachedChart(
        ChartFactory::ChartId id, const ChartFactory::Models &models, const Options &options)
        : m_chart(ChartFactory::create(id, models, options.dark))
        , m_rect(QPointF(0, 0), QSizeF(options.size))
    {
        m_scene.addItem(m_chart);
        m_chart->setGeometry(m_rect);
        m_scene.setSceneRect(m_rect);
        // Charts lay out their axes and legend on posted layout requests: run them now.
        QCoreApplication::sendPostedEvents();
    }

    void render(QPainter *painter)
    {
        painter->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        m_scene.render(painter, m_rect, m_rect);
    }
    QBrush background() const { return m_chart->backgroundBrush(); }

private:
    QGraphicsScene m_scene; // owns the chart
    QChart *m_chart;
    QRectF m_rect;
};

} // namespace

QStringList supportedSuffixes()
{
    return { QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf") };
}

QImage image(ChartFactory::ChartId id, const ChartFactory::Models &models, const Options &options)
{
    DetachedChart chart(id, models, options);
    QImage image(options.size * options.scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(options.scale);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.fillRect(QRect(QPoint(0, 0), options.size), chart.background());
    chart.render(&painter);
    return image;
}

bool save(ChartFactory::ChartId id, const ChartFactory::Models &models, const QString &path,
    const Options &options, QString *error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) {
        if (image(id, models, options).save(path, "PNG"))
            return true;
        *error = tr("cannot write %1").arg(path);
        return false;
    }
    if (suffix == QLatin1String("svg")) {
        DetachedChart chart(id, models, options);
        QSvgGenerator generator;
        generator.setFileName(path);
        // QSvgGenerator assumes 72 dpi unless told: keep one SVG unit per logical pixel.
        generator.setResolution(96);
        generator.setSize(options.size);
        generator.setViewBox(QRect(QPoint(0, 0), options.size));
        generator.setTitle(ChartFactory::title(id));
        QPainter painter;
        if (!painter.begin(&generator)) {
            *error = tr("cannot write %1").arg(path);
            return false;
        }
        painter.fillRect(QRect(QPoint(0, 0), options.size), chart.background());
        chart.render(&painter);
        return painter.end();
    }
    if (suffix == QLatin1String("pdf")) {
        DetachedChart chart(id, models, options);
        QPdfWriter writer(path);
        writer.setTitle(ChartFactory::title(id));
        writer.setCreator(QStringLiteral("DMARC Scope"));
        writer.setResolution(96);
        writer.setPageSize(QPageSize(QSizeF(options.size) * 72.0 / 96.0, QPageSize::Point));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&writer)) {
            *error = tr("cannot write %1").arg(path);
            return false;
        }
        painter.fillRect(QRect(QPoint(0, 0), options.size), chart.background());
        chart.render(&painter);
        return painter.end();
    }
    *error = tr("unknown format \"%1\": use .png, .svg or .pdf").arg(suffix);
    return false;
}

} // namespace ChartExporter
