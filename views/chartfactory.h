#pragma once

#include <QList>
#include <QString>

class DailyVolumeModel;
class NamedCountModel;
class QChart;

// Builds the app's charts from its models. Every chart is made here, for the window, for an
// export (a fresh, detached chart rendered at the requested size) and for the command line.
namespace ChartFactory {

enum class ChartId
{
    DailyVolume,
    ByReporter,
    ByCategory
};

struct Models
{
    DailyVolumeModel *daily = nullptr;
    NamedCountModel *byReporter = nullptr;
    NamedCountModel *byCategory = nullptr;
};

QList<ChartId> all();
QString name(ChartId id); // stable, for the command line: "daily-volume", ...
QString title(ChartId id);
bool fromName(const QString &name, ChartId *id);

// A new chart fed by the models (through model mappers, so it follows their updates). The caller
// owns it. `dark` picks the dark theme so the chart matches a dark palette.
QChart *create(ChartId id, const Models &models, bool dark);

} // namespace ChartFactory
