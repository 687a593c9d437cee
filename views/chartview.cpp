#include "chartview.h"

#include "chartexporter.h"
#include "exportchartdialog.h"

#include <QApplication>
#include <QChart>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QMenu>
#include <QMessageBox>

ChartView::ChartView(ChartFactory::ChartId id, const ChartFactory::Models &models, QWidget *parent)
    : QChartView(parent)
    , m_id(id)
    , m_models(models)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 220);
    rebuild();
}

bool ChartView::isDark() const
{
    return palette().color(QPalette::Window).lightness() < 128;
}

void ChartView::rebuild()
{
    QChart *old = chart();
    setChart(ChartFactory::create(m_id, m_models, isDark()));
    delete old;
}

void ChartView::changeEvent(QEvent *event)
{
    // Follow the desktop switching between light and dark.
    if (event->type() == QEvent::PaletteChange)
        rebuild();
    QChartView::changeEvent(event);
}

void ChartView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(tr("&Export Chart…"), this, &ChartView::exportInteractively);
    menu.addAction(tr("&Copy Chart"), this, &ChartView::copyToClipboard);
    menu.exec(event->globalPos());
}

QString ChartView::exportInteractively()
{
    ExportChartDialog dialog(ChartFactory::name(m_id), this);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    ChartExporter::Options options = dialog.options();
    options.dark = false; // documents and slides are light; the window may not be
    QString error;
    if (!exportTo(dialog.path(), options, &error)) {
        QMessageBox::warning(
            this, tr("Export Chart"), tr("The chart was not exported: %1").arg(error));
        return {};
    }
    return dialog.path();
}

void ChartView::copyToClipboard()
{
    ChartExporter::Options options;
    options.size = size().expandedTo(QSize(800, 450));
    QApplication::clipboard()->setImage(ChartExporter::image(m_id, m_models, options));
}

bool ChartView::exportTo(
    const QString &path, const ChartExporter::Options &options, QString *error) const
{
    return ChartExporter::save(m_id, m_models, path, options, error);
}
