#pragma once

#include "importer.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QString>
#include <QTemporaryDir>

// Shared by the tests: where fixtures live, and the generated scenario's ground truth.
namespace TestUtil {

inline QString dataPath(const QString &relative)
{
    return QStringLiteral(DMARCSCOPE_TEST_DATA "/") + relative;
}

// truth.json of tests/data/scenario, written by gen-corpus with the default options.
inline QJsonObject scenarioTruth()
{
    QFile file(dataPath(QStringLiteral("scenario/truth.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Imports the scenario's twelve report files into `db`. False on a database error.
inline bool importScenarioReports(QSqlDatabase db)
{
    Importer importer(db);
    QList<ImportLogEntry> missing;
    return importer.importAll(
        Importer::collectInputs({ dataPath(QStringLiteral("scenario/reports")) }, &missing), {});
}

// Points settings and data at `home`, never the developer's, and turns reverse DNS off: the
// system's resolver may be slow or absent where tests run. False if `home` is unusable.
inline bool useThrowawayHome(const QTemporaryDir &home)
{
    if (!home.isValid())
        return false;
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.path()));
    qputenv("XDG_DATA_HOME", QFile::encodeName(home.path()));
    QSettings().setValue(QStringLiteral("dns/enabled"), false);
    return true;
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace TestUtil
