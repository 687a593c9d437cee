#include "exportchartdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>

ExportChartDialog::ExportChartDialog(const QString &chartName, QWidget *parent)
    : QDialog(parent)
    , m_path(new QLineEdit(this))
    , m_format(new QComboBox(this))
    , m_width(new QSpinBox(this))
    , m_height(new QSpinBox(this))
    , m_scale(new QDoubleSpinBox(this))
{
    setWindowTitle(tr("Export Chart"));
    QSettings settings;
    settings.beginGroup(QStringLiteral("chartExport"));
    const QString dir = settings
                            .value(QStringLiteral("dir"),
                                QStandardPaths::writableLocation(QStandardPaths::PicturesLocation))
                            .toString();
    const QString format
        = settings.value(QStringLiteral("format"), QStringLiteral("png")).toString();

    m_format->addItem(tr("PNG image"), QStringLiteral("png"));
    m_format->addItem(tr("SVG drawing"), QStringLiteral("svg"));
    m_format->addItem(tr("PDF document"), QStringLiteral("pdf"));
    m_format->setCurrentIndex(qMax(0, m_format->findData(format)));
    m_path->setText(QDir(dir).filePath(chartName + QLatin1Char('.') + format));
    m_width->setRange(200, 8000);
    m_width->setSuffix(tr(" px"));
    m_width->setValue(settings.value(QStringLiteral("width"), 1200).toInt());
    m_height->setRange(150, 8000);
    m_height->setSuffix(tr(" px"));
    m_height->setValue(settings.value(QStringLiteral("height"), 700).toInt());
    m_scale->setRange(1, 4);
    m_scale->setSingleStep(0.5);
    m_scale->setDecimals(1);
    m_scale->setSuffix(QStringLiteral("×"));
    m_scale->setValue(settings.value(QStringLiteral("scale"), 2.0).toDouble());

    auto *browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &ExportChartDialog::browse);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);

    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        const QFileInfo info(m_path->text());
        m_path->setText(info.dir().filePath(
            info.completeBaseName() + QLatin1Char('.') + m_format->currentData().toString()));
        updateScaleEnabled();
    });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout(this);
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("&File:"), pathRow);
    form->addRow(tr("&Width:"), m_width);
    form->addRow(tr("&Height:"), m_height);
    form->addRow(tr("&Scale (PNG):"), m_scale);
    form->addRow(buttons);
    updateScaleEnabled();
}

void ExportChartDialog::updateScaleEnabled()
{
    m_scale->setEnabled(m_format->currentData().toString() == QLatin1String("png"));
}

void ExportChartDialog::browse()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Export Chart"), m_path->text(),
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (file.isEmpty())
        return;
    m_path->setText(file);
    const int index = m_format->findData(QFileInfo(file).suffix().toLower());
    if (index >= 0)
        m_format->setCurrentIndex(index);
}

QString ExportChartDialog::path() const
{
    return m_path->text();
}

ChartExporter::Options ExportChartDialog::options() const
{
    ChartExporter::Options options;
    options.size = QSize(m_width->value(), m_height->value());
    options.scale = m_scale->value();
    return options;
}

void ExportChartDialog::accept()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("chartExport"));
    settings.setValue(QStringLiteral("dir"), QFileInfo(path()).absolutePath());
    settings.setValue(QStringLiteral("format"), m_format->currentData());
    settings.setValue(QStringLiteral("width"), m_width->value());
    settings.setValue(QStringLiteral("height"), m_height->value());
    settings.setValue(QStringLiteral("scale"), m_scale->value());
    QDialog::accept();
}
