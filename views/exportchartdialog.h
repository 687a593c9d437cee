#pragma once

#include "chartexporter.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

// Where and how big: file (its suffix picks PNG, SVG or PDF), size, and the PNG scale. The last
// choices are remembered.
class ExportChartDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ExportChartDialog(const QString &chartName, QWidget *parent = nullptr);

    QString path() const;
    ChartExporter::Options options() const;

    void accept() override;

private:
    void browse();
    void updateScaleEnabled();

    QLineEdit *m_path;
    QComboBox *m_format;
    QSpinBox *m_width;
    QSpinBox *m_height;
    QDoubleSpinBox *m_scale;
};
