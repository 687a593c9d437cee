#include "importjob.h"

#include "database.h"
#include "importer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QPromise>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace {

void run(QPromise<ImportLogEntry> &promise, const QString &location, const QStringList &paths,
    const InputCaps &caps)
{
    Database database(location);
    QSqlDatabase db = database.connection();
    if (!db.isOpen()) {
        ImportLogEntry entry;
        entry.path = location;
        entry.error = database.errorString();
        entry.importedAt = QDateTime::currentSecsSinceEpoch();
        promise.addResult(entry);
        return;
    }
    {
        Importer importer(db, caps);
        QList<ImportLogEntry> missing;
        const QList<Importer::Input> inputs = importer.collectAndLogMissing(paths, &missing);
        for (const ImportLogEntry &entry : std::as_const(missing))
            promise.addResult(entry);
        qint64 totalBytes = 0;
        for (const auto &input : inputs)
            totalBytes += QFileInfo(input.path).size();
        auto kib = [](qint64 bytes) {
            return int(qMin<qint64>((bytes + 1023) / 1024, INT_MAX));
        };
        promise.setProgressRange(0, kib(totalBytes));
        // Stored bytes move the bar as each batch commits, through a large mailbox too; the
        // entries of a batch, announced just before, move it ahead of that (a value that does
        // not grow would drop their text), never past the end.
        qint64 doneBytes = 0;
        qint64 announcedBytes = 0;
        int index = 0;
        const auto report = [&](const ImportLogEntry &entry) {
            announcedBytes += entry.bytes;
            ++index;
            promise.addResult(entry);
            promise.setProgressValueAndText(kib(qMin(totalBytes, doneBytes + announcedBytes)),
                QCoreApplication::translate("ImportJob", "Read %1 (%2 of %3)")
                    .arg(QFileInfo(entry.path).fileName())
                    .arg(index)
                    .arg(inputs.size()));
        };
        const auto stored = [&](qint64 bytes) {
            doneBytes += bytes;
            announcedBytes = 0;
            promise.setProgressValue(kib(doneBytes));
        };
        if (!importer.importAll(
                inputs, report, [&] { return promise.isCanceled(); }, stored)) {
            ImportLogEntry entry;
            entry.path = location;
            entry.error = importer.errorString();
            entry.importedAt = QDateTime::currentSecsSinceEpoch();
            promise.addResult(entry);
        }
        promise.setProgressValue(kib(doneBytes));
    }
    db = QSqlDatabase();
    database.closeThreadConnection();
}

} // namespace

namespace ImportJob {

QFuture<ImportLogEntry> start(
    const QString &databaseLocation, const QStringList &paths, const InputCaps &caps)
{
    // Not the global pool: Qt's painting uses it, and an import holds its thread for minutes.
    static QThreadPool imports;
    imports.setMaxThreadCount(1);
    return QtConcurrent::run(&imports, run, databaseLocation, paths, caps);
}

} // namespace ImportJob
