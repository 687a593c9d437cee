#pragma once

#include "chartfactory.h"

#include <QImage>
#include <QSize>
#include <QString>

// Renders a chart to PNG, SVG or PDF (chosen by the file's suffix), or to an image for the
// clipboard. The chart is built afresh and laid out at the requested size, so an export never
// depends on the size of a window, and text is drawn at the target resolution (crisp at 2x).
namespace ChartExporter {

struct Options
{
    QSize size = QSize(1200, 700); // logical pixels (points for PDF at 96 dpi)
    qreal scale = 2.0; // device pixels per logical pixel, for PNG and the clipboard
    bool dark = false;
};

QStringList supportedSuffixes(); // png, svg, pdf
bool save(ChartFactory::ChartId id, const ChartFactory::Models &models, const QString &path,
    const Options &options, QString *error);
QImage image(ChartFactory::ChartId id, const ChartFactory::Models &models, const Options &options);

} // namespace ChartExporter
