#include "importer.h"

#include "aggregateparser.h"
#include "archivereader.h"
#include "contentsniffer.h"
#include "reportstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QLocale>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Importer", text);
}

bool hasReportSuffix(const QString &path)
{
    for (const char *suffix : { ".xml", ".gz", ".zip", ".gzip" })
        if (path.endsWith(QLatin1String(suffix), Qt::CaseInsensitive))
            return true;
    return false;
}

} // namespace

Importer::Importer(QSqlDatabase db, const InputCaps &caps)
    : m_db(std::move(db))
    , m_caps(caps)
{
}

QList<Importer::Input> Importer::collectInputs(const QStringList &paths,
                                               QList<ImportLogEntry> *missing)
{
    QList<Input> inputs;
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            QStringList files;
            QDirIterator it(path, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                            QDirIterator::Subdirectories);
            while (it.hasNext())
                files.append(it.next());
            files.sort();
            for (const QString &file : std::as_const(files))
                inputs.append({file, true});
        } else if (info.exists()) {
            inputs.append({path, false});
        } else if (missing) {
            ImportLogEntry entry;
            entry.path = path;
            entry.outcome = ImportLogEntry::Outcome::Rejected;
            entry.error = tr("no such file or folder");
            entry.importedAt = QDateTime::currentSecsSinceEpoch();
            missing->append(entry);
        }
    }
    return inputs;
}

ImportLogEntry Importer::importFile(const Input &input)
{
    using Outcome = ImportLogEntry::Outcome;
    ImportLogEntry entry;
    entry.path = input.path;
    entry.importedAt = QDateTime::currentSecsSinceEpoch();

    QFile file(input.path);
    entry.bytes = file.size();
    if (entry.bytes > m_caps.maxInputBytes) {
        entry.error = tr("the file is %1, over the limit of %2")
                          .arg(QLocale::c().formattedDataSize(entry.bytes),
                               QLocale::c().formattedDataSize(m_caps.maxInputBytes));
        return entry;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        entry.error = tr("cannot read the file: %1").arg(file.errorString());
        return entry;
    }
    const QByteArray bytes = file.readAll();
    file.close();

    const auto kind = ContentSniffer::sniff(bytes);
    if (kind == ContentSniffer::Kind::Empty) {
        entry.error = tr("the file is empty");
        return entry;
    }
    if (kind == ContentSniffer::Kind::Unknown) {
        if (input.foundInFolder && !hasReportSuffix(input.path)) {
            entry.outcome = Outcome::Ignored;
            entry.error = tr("not a DMARC report (neither XML, gzip nor zip)");
            return entry;
        }
        entry.error = tr("not a DMARC report: the content is neither XML, gzip nor zip");
        return entry;
    }

    ArchiveReader reader(m_caps);
    const ExtractResult extracted = reader.extract(bytes);
    entry.warnings = extracted.warnings;
    QStringList errors;
    if (!extracted.error.isEmpty())
        errors.append(extracted.error);

    ReportStore store(m_db);
    for (const ExtractedDocument &document : extracted.documents) {
        // Inside archives, say which member a message is about; for a bare file the path is enough.
        const QString prefix =
            document.name.isEmpty() ? QString() : tr("member %1: ").arg(document.name);
        if (!document.error.isEmpty()) {
            errors.append(prefix + document.error);
            continue;
        }
        const AggregateParseResult parsed = AggregateParser::parse(document.data);
        for (const QString &warning : parsed.warnings)
            entry.warnings.append(prefix + warning);
        if (!parsed.ok()) {
            errors.append(prefix + parsed.error);
            continue;
        }
        switch (store.insertReport(parsed.report, document.data, input.path)) {
        case ReportStore::Result::Inserted:
            ++entry.reports;
            break;
        case ReportStore::Result::Duplicate:
            ++entry.duplicates;
            break;
        case ReportStore::Result::Failed:
            errors.append(prefix + tr("cannot store the report: %1").arg(store.errorString()));
            break;
        }
    }

    entry.error = errors.join(QLatin1String("; "));
    if (entry.reports > 0)
        entry.outcome = Outcome::Imported;
    else if (entry.duplicates > 0 && errors.isEmpty())
        entry.outcome = Outcome::Duplicate;
    else
        entry.outcome = Outcome::Rejected;
    if (entry.outcome == Outcome::Rejected && entry.error.isEmpty())
        entry.error = entry.warnings.join(QLatin1String("; "));
    return entry;
}

bool Importer::log(const ImportLogEntry &entry)
{
    ReportStore store(m_db);
    if (!store.appendLog(entry)) {
        m_error = store.errorString();
        return false;
    }
    return true;
}
