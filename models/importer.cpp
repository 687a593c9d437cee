#include "importer.h"

#include "aggregateparser.h"
#include "archivereader.h"
#include "contentsniffer.h"
#include "mailreader.h"
#include "mboxsegments.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFuture>
#include <QLocale>
#include <QQueue>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlError>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace {

bool hasReportSuffix(const QString &path)
{
    for (const char *suffix : { ".xml", ".gz", ".zip", ".gzip" })
        if (path.endsWith(QLatin1String(suffix), Qt::CaseInsensitive))
            return true;
    return false;
}

// Parses every document an archive layer gave and adds the reports (or the reasons) to `read`.
// `label` names where the documents came from inside the input ("message 2: report.zip: ").
void addDocuments(Importer::ReadInput &read, const ExtractResult &extracted, const QString &label)
{
    for (const QString &warning : extracted.warnings)
        read.entry.warnings.append(label + warning);
    if (!extracted.error.isEmpty())
        read.errors.append(label + extracted.error);
    for (const ExtractedDocument &document : extracted.documents) {
        // Inside archives, say which member a message is about; for a bare file the path is enough.
        const QString prefix = label
            + (document.name.isEmpty() ? QString()
                                       : Importer::tr("member %1: ").arg(document.name));
        if (!document.error.isEmpty()) {
            read.errors.append(prefix + document.error);
            continue;
        }
        AggregateParseResult parsed = AggregateParser::parse(document.data);
        for (const QString &warning : std::as_const(parsed.warnings))
            read.entry.warnings.append(prefix + warning);
        if (!parsed.ok()) {
            read.errors.append(prefix + parsed.error);
            continue;
        }
        read.reports.append(PreparedReport::fromXml(std::move(parsed.report), document.data));
        read.reportPrefixes.append(prefix);
    }
}

// Lowers the calling thread's scheduling priority once (nice +10). Linux applies nice values to
// single threads; Qt's QThread::Priority has no effect under the default scheduler there.
void lowerThisThreadsPriority()
{
#ifdef Q_OS_LINUX
    thread_local bool lowered = false;
    if (!lowered) {
        setpriority(PRIO_PROCESS, pid_t(gettid()), 10);
        lowered = true;
    }
#endif
}

} // namespace

Importer::Importer(QSqlDatabase db, const InputCaps &caps)
    : m_db(db)
    , m_caps(caps)
    , m_store(db)
    , m_mailStore(db)
{ }

QList<Importer::Input> Importer::collectInputs(
    const QStringList &paths, QList<ImportLogEntry> *missing)
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
                inputs.append({ file, true });
        } else if (info.exists()) {
            inputs.append({ path, false });
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

QList<Importer::Input> Importer::collectAndLogMissing(
    const QStringList &paths, QList<ImportLogEntry> *missing)
{
    const QList<Input> inputs = collectInputs(paths, missing);
    for (const ImportLogEntry &entry : std::as_const(*missing))
        log(entry);
    return inputs;
}

Importer::ReadInput Importer::finishedInput(
    const Input &input, qint64 bytes, const QString &error, ImportLogEntry::Outcome outcome)
{
    ReadInput read;
    read.entry.path = input.path;
    read.entry.importedAt = QDateTime::currentSecsSinceEpoch();
    read.entry.bytes = bytes;
    read.entry.error = error;
    read.entry.outcome = outcome;
    read.finished = true;
    read.part = input.part;
    read.parts = input.parts;
    return read;
}

Importer::ReadInput Importer::readInput(const Input &input, const InputCaps &caps)
{
    QFile file(input.path);
    const qint64 bytes = input.length >= 0 ? input.length : file.size();
    if (bytes > caps.maxInputBytes)
        // A part of a large mbox is one message: name it, not the file.
        return finishedInput(input, bytes,
            tr("%1 is %2, over the limit of %3")
                .arg(input.parts > 1 ? tr("message %1").arg(input.firstMessage) : tr("the file"),
                    QLocale::c().formattedDataSize(bytes),
                    QLocale::c().formattedDataSize(caps.maxInputBytes)));
    if (!file.open(QIODevice::ReadOnly) || (input.offset > 0 && !file.seek(input.offset)))
        return finishedInput(input, bytes, tr("cannot read the file: %1").arg(file.errorString()));
    return readBytes(input, input.length >= 0 ? file.read(input.length) : file.readAll(), caps);
}

Importer::ReadInput Importer::readBytes(
    const Input &input, const QByteArray &bytes, const InputCaps &caps)
{
    using Outcome = ImportLogEntry::Outcome;
    ReadInput read;
    read.part = input.part;
    read.parts = input.parts;
    ImportLogEntry &entry = read.entry;
    entry.path = input.path;
    entry.importedAt = QDateTime::currentSecsSinceEpoch();
    entry.bytes = bytes.size();
    auto fail = [&](const QString &error, Outcome outcome = Outcome::Rejected) {
        entry.error = error;
        entry.outcome = outcome;
        read.finished = true;
        return read;
    };
    if (entry.bytes > caps.maxInputBytes)
        return fail(tr("the input is %1, over the limit of %2")
                        .arg(QLocale::c().formattedDataSize(entry.bytes),
                            QLocale::c().formattedDataSize(caps.maxInputBytes)));

    const auto kind = ContentSniffer::sniff(bytes);
    if (kind == ContentSniffer::Kind::Empty)
        return fail(tr("the file is empty"));
    if (kind == ContentSniffer::Kind::Unknown && MailReader::looksLikeMail(bytes)) {
        MailReader::Result mail = MailReader::read(bytes, caps, input.firstMessage);
        entry.warnings = mail.warnings;
        if (!mail.error.isEmpty())
            return fail(mail.error);
        if (mail.attachments.isEmpty() && mail.truncated)
            return fail(mail.warnings.join(QLatin1String("; ")));
        for (const MailReader::Attachment &attachment : mail.attachments) {
            const ExtractResult extracted = ArchiveReader(caps).extract(attachment.content);
            // A zip of invoices is someone's mail, not a broken report: only attachments that
            // hold a <feedback> document count, or that fail to unpack and are named like a
            // report ("reporter!domain!begin!end").
            static const QRegularExpression reportName(QStringLiteral(R"(![^!]+!\d+!\d+)"));
            bool isReport
                = !extracted.error.isEmpty() && reportName.match(attachment.label).hasMatch();
            for (const ExtractedDocument &document : extracted.documents)
                isReport |= !document.error.isEmpty()
                    || document.data.first(qMin<qsizetype>(document.data.size(), 4096))
                           .contains("<feedback");
            if (!isReport)
                continue;
            MailItem &item = mail.items[attachment.item];
            // A bounce that returns a report mail stays a bounce; the report is imported too.
            if (item.kind != MailKind::Bounce && item.kind != MailKind::FailureReport)
                item.kind = MailKind::AggregateReport;
            addDocuments(read, extracted, attachment.label + QLatin1String(": "));
        }
        read.mails = std::move(mail.items);
        return read;
    }
    if (kind == ContentSniffer::Kind::Unknown) {
        if (input.foundInFolder && !hasReportSuffix(input.path))
            return fail(tr("not a DMARC report (neither XML, gzip nor zip)"), Outcome::Ignored);
        return fail(tr("not a DMARC report: the content is neither XML, gzip, zip nor mail"));
    }

    addDocuments(read, ArchiveReader(caps).extract(bytes), QString());
    return read;
}

ImportLogEntry Importer::storeInput(const ReadInput &read)
{
    using Outcome = ImportLogEntry::Outcome;
    ImportLogEntry entry = read.entry;
    if (read.finished)
        return entry;
    QStringList errors = read.errors;
    for (qsizetype i = 0; i < read.reports.size(); ++i) {
        switch (m_store.insertReport(read.reports.at(i), entry.path)) {
        case ReportStore::Result::Inserted:
            ++entry.reports;
            break;
        case ReportStore::Result::Duplicate:
            ++entry.duplicates;
            break;
        case ReportStore::Result::Failed:
            errors.append(read.reportPrefixes.at(i)
                + tr("cannot store the report: %1").arg(m_store.errorString()));
            break;
        }
    }
    for (const MailItem &mail : std::as_const(read.mails)) {
        const bool ignorable = mail.kind == MailKind::AutoReply || mail.kind == MailKind::Other;
        switch (m_mailStore.insert(mail, entry.path, m_store.inBatch())) {
        case MailStore::Result::Inserted:
            if (ignorable)
                ++entry.ignoredMails;
            else if (mail.kind != MailKind::AggregateReport)
                ++entry.mails;
            break;
        case MailStore::Result::Duplicate:
            if (ignorable)
                ++entry.ignoredMails;
            else if (mail.kind != MailKind::AggregateReport)
                ++entry.duplicates;
            break;
        case MailStore::Result::Failed:
            errors.append(mail.label + QLatin1String(": ")
                + tr("cannot store the message: %1").arg(m_mailStore.errorString()));
            break;
        }
    }
    entry.error = errors.join(QLatin1String("; "));
    if (entry.reports > 0 || entry.mails > 0)
        entry.outcome = Outcome::Imported;
    else if (entry.duplicates > 0 && errors.isEmpty())
        entry.outcome = Outcome::Duplicate;
    else if (errors.isEmpty() && !read.mails.isEmpty()) {
        entry.outcome = Outcome::Ignored;
        entry.error = tr("no DMARC report, bounce or failure report in %n mail message(s)", nullptr,
            int(read.mails.size()));
    } else
        entry.outcome = Outcome::Rejected;
    if (entry.outcome == Outcome::Rejected && entry.error.isEmpty())
        entry.error = entry.warnings.join(QLatin1String("; "));
    return entry;
}

bool Importer::importAll(const QList<Input> &given,
    const std::function<void(const ImportLogEntry &)> &done, const std::function<bool()> &canceled,
    const std::function<void(qint64 bytes)> &stored)
{
    const QList<Input> inputs = splitLargeMailboxes(given, m_caps);
    // Read ahead on a private pool while this thread stores. Report sizes are heavy-tailed: a
    // deep window keeps the writer busy while a reader chews on a huge report (at 32 inputs the
    // writer waited a third of a 10,000-report import for the input at the head). The window is
    // bounded by count and by the bytes of the files in flight, so memory stays bounded too.
    QThreadPool pool;
    // This thread stores; readers run on every core, at a lower priority: the writer is the one
    // that must never wait for a CPU, and a reader should only use what the writer and the GUI
    // leave idle (the GUI thread stays responsive during an import too).
    pool.setMaxThreadCount(QThread::idealThreadCount());
    constexpr int Window = 256;
    constexpr qint64 WindowBytes = 64ll << 20;
    const InputCaps caps = m_caps;
    struct Pending
    {
        QFuture<ReadInput> future;
        qint64 bytes;
    };
    QQueue<Pending> inFlight;
    qint64 inFlightBytes = 0;
    qsizetype next = 0;
    auto fill = [&] {
        while (next < inputs.size() && inFlight.size() < Window
            && (inFlight.isEmpty() || inFlightBytes < WindowBytes)) {
            const Input input = inputs.at(next++);
            const qint64 bytes = input.length >= 0 ? input.length : QFileInfo(input.path).size();
            inFlightBytes += bytes;
            inFlight.enqueue({ QtConcurrent::run(&pool,
                                   [input, caps] {
                                       lowerThisThreadsPriority();
                                       return readInput(input, caps);
                                   }),
                bytes });
        }
    };
    // Inputs are stored in batches: one transaction holds whole reports and their inputs' log
    // entries, and commits every BatchRecords records or BatchMilliseconds. Entries are announced
    // only once committed, so what the caller sees is what the store has. A commit writes every
    // page the batch touched to the WAL, and the records' source-IP index is touched at random:
    // near a million records, batches of 5,000 rewrote most of that index each time (100,000
    // reports took 32 s with them, 21 s with these).
    constexpr qint64 BatchRecords = 50000;
    constexpr qint64 BatchMilliseconds = 1000;
    QList<ImportLogEntry> uncommitted;
    // The batch's inputs, kept until it commits: without a savepoint per report, a report that
    // fails half-written means rolling the batch back and storing its inputs again.
    QList<ReadInput> batchInputs;
    m_store.setIsolateReports(false);
    const auto isolateAgain = qScopeGuard([this] { m_store.setIsolateReports(true); });
    qint64 batchRecords = 0;
    QElapsedTimer batchAge;
    // The parts of a large mbox stored so far: their file gets one entry, after its last part.
    // What they were when the batch began, for storing the batch again.
    QList<ImportLogEntry> parts;
    QList<ImportLogEntry> partsAtBatchStart;
    const Accept accept = [&](const ReadInput &read, const ImportLogEntry &entry) {
        ImportLogEntry final = entry;
        if (read.parts > 1) {
            parts.append(entry);
            if (read.part + 1 < read.parts)
                return true;
            final = mergedEntry(parts);
            parts.clear();
        }
        if (!log(final))
            return false;
        uncommitted.append(final);
        return true;
    };
    auto commit = [&] {
        if (!m_store.commitBatch()) {
            m_error = m_store.errorString();
            return false;
        }
        if (done)
            for (const auto &entry : std::as_const(uncommitted))
                done(entry);
        if (stored) {
            qint64 bytes = 0;
            for (const ReadInput &read : std::as_const(batchInputs))
                bytes += read.entry.bytes;
            stored(bytes);
        }
        uncommitted.clear();
        batchInputs.clear();
        batchRecords = 0;
        return true;
    };

    bool ok = true;
    fill();
    while (!inFlight.isEmpty()) {
        if (canceled && canceled())
            break;
        Pending pending = inFlight.dequeue();
        inFlightBytes -= pending.bytes;
        ReadInput read = pending.future.result();
        fill();
        if (!m_store.inBatch()) {
            if (!m_store.beginBatch()) {
                m_error = m_store.errorString();
                ok = false;
                break;
            }
            batchAge.start();
            partsAtBatchStart = parts;
        }
        for (const auto &report : std::as_const(read.reports))
            batchRecords += report.report.records.size();
        const ImportLogEntry entry = storeInput(read);
        batchInputs.append(std::move(read));
        if (m_store.batchDamaged()) {
            uncommitted.clear();
            parts = partsAtBatchStart;
            if (!storeBatchAgain(batchInputs, accept)) {
                ok = false;
                break;
            }
        } else if (!accept(batchInputs.last(), entry)) {
            ok = false;
            break;
        }
        if ((batchRecords >= BatchRecords || batchAge.elapsed() >= BatchMilliseconds)
            && !commit()) {
            ok = false;
            break;
        }
    }
    if (!parts.isEmpty()) {
        // Stopped inside a large mbox: say how far it got.
        ImportLogEntry entry = mergedEntry(parts);
        const QString stopped = tr("the import stopped before the end of the mailbox");
        entry.error = entry.error.isEmpty() ? stopped : entry.error + QLatin1String("; ") + stopped;
        if (log(entry))
            uncommitted.append(entry);
    }
    if (ok) {
        ok = commit();
    } else {
        // The entries before the failure are whole: keep and announce them, but report the
        // failure that stopped the import, not the outcome of this commit.
        const QString error = m_error;
        commit();
        m_error = error;
    }
    // Unstored read-ahead is dropped; the pool's destructor waits for the tasks still running.
    for (auto &pending : inFlight)
        pending.future.cancel();
    return ok;
}

bool Importer::storeBatchAgain(const QList<ReadInput> &inputs, const Accept &accept)
{
    m_store.rollbackBatch();
    m_store.setIsolateReports(true);
    const auto restore = qScopeGuard([this] { m_store.setIsolateReports(false); });
    if (!m_store.beginBatch()) {
        m_error = m_store.errorString();
        return false;
    }
    for (const ReadInput &read : inputs)
        if (!accept(read, storeInput(read)))
            return false;
    return true;
}

QList<Importer::Input> Importer::splitLargeMailboxes(
    const QList<Input> &inputs, const InputCaps &caps)
{
    QList<Input> result;
    result.reserve(inputs.size());
    for (const Input &input : inputs) {
        if (QFileInfo(input.path).size() <= caps.mboxPartBytes
            || !MboxSegments::isMbox(input.path)) {
            result.append(input);
            continue;
        }
        const QList<MboxSegments::Segment> segments
            = MboxSegments::split(input.path, caps.mboxPartBytes);
        for (qsizetype i = 0; i < segments.size(); ++i) {
            Input part = input;
            part.offset = segments.at(i).offset;
            part.length = segments.at(i).length;
            part.firstMessage = segments.at(i).firstMessage;
            part.part = int(i);
            part.parts = int(segments.size());
            result.append(part);
        }
    }
    return result;
}

ImportLogEntry Importer::mergedEntry(const QList<ImportLogEntry> &parts)
{
    using Outcome = ImportLogEntry::Outcome;
    ImportLogEntry merged;
    merged.path = parts.first().path;
    merged.importedAt = parts.first().importedAt;
    QStringList errors;
    bool imported = false, rejected = false, duplicate = false;
    for (const ImportLogEntry &part : parts) {
        merged.reports += part.reports;
        merged.duplicates += part.duplicates;
        merged.mails += part.mails;
        merged.ignoredMails += part.ignoredMails;
        merged.bytes += part.bytes;
        merged.warnings += part.warnings;
        imported |= part.outcome == Outcome::Imported;
        rejected |= part.outcome == Outcome::Rejected;
        duplicate |= part.outcome == Outcome::Duplicate;
        // A part without reports says so; the file as a whole may well have them.
        if (!part.error.isEmpty() && part.outcome != Outcome::Ignored)
            errors.append(part.error);
    }
    merged.error = errors.join(QLatin1String("; "));
    if (imported)
        merged.outcome = Outcome::Imported;
    else if (rejected)
        merged.outcome = Outcome::Rejected;
    else if (duplicate)
        merged.outcome = Outcome::Duplicate;
    else {
        merged.outcome = Outcome::Ignored;
        merged.error = tr("no DMARC report, bounce or failure report in %n mail message(s)",
            nullptr, merged.ignoredMails);
    }
    return merged;
}

bool Importer::storeAtomically(
    const ReadInput &read, const std::function<bool()> &alsoStore, ImportLogEntry *entry)
{
    if (!m_store.beginBatch()) {
        m_error = m_store.errorString();
        return false;
    }
    *entry = storeInput(read);
    if (!log(*entry) || (alsoStore && !alsoStore())) {
        if (m_error.isEmpty())
            m_error = m_db.lastError().text();
        m_store.rollbackBatch();
        return false;
    }
    if (!m_store.commitBatch()) {
        m_error = m_store.errorString();
        return false;
    }
    return true;
}

bool Importer::log(const ImportLogEntry &entry)
{
    if (!m_store.appendLog(entry)) {
        m_error = m_store.errorString();
        return false;
    }
    return true;
}
