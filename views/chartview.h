#pragma once

#include "chartexporter.h"
#include "chartfactory.h"

#include <QChartView>

// A chart on a page. Right-click offers Export (PNG, SVG, PDF) and Copy; exports are rendered
// afresh by ChartExporter, not grabbed from the screen.
class ChartView : public QChartView
{
    Q_OBJECT
public:
    ChartView(
        ChartFactory::ChartId id, const ChartFactory::Models &models, QWidget *parent = nullptr);

    ChartFactory::ChartId chartId() const { return m_id; }

    // Asks for size and file, then writes. Returns the path written, or empty.
    QString exportInteractively();
    // Writes the chart as shown (same models) to a .png, .svg or .pdf file.
    bool exportTo(const QString &path, const ChartExporter::Options &options, QString *error) const;
    void copyToClipboard();

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    bool isDark() const;
    void rebuild();

    ChartFactory::ChartId m_id;
    ChartFactory::Models m_models;
};
