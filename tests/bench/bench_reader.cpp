// Where a report reader's time goes: reads every file of a folder once, then times each stage
// of Importer::readInput on its own, on one thread: unpacking, parsing, hashing, compressing.
// Usage: bench_reader DIR
#include "aggregateparser.h"
#include "archivereader.h"
#include "importer.h"
#include "rawxml.h"
#include "reportstore.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: bench_reader DIR\n");
        return 2;
    }
    QList<QByteArray> files;
    QDirIterator it(QString::fromLocal8Bit(argv[1]), QDir::Files, QDirIterator::Subdirectories);
    QElapsedTimer timer;
    timer.start();
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            files.append(file.readAll());
    }
    const qint64 readMs = timer.elapsed();

    timer.restart();
    QList<QByteArray> documents;
    for (const QByteArray &bytes : std::as_const(files))
        for (const ExtractedDocument &document : ArchiveReader().extract(bytes).documents)
            documents.append(document.data);
    const qint64 unpackMs = timer.elapsed();
    qint64 xmlBytes = 0;
    for (const QByteArray &document : std::as_const(documents))
        xmlBytes += document.size();

    timer.restart();
    qint64 records = 0;
    QList<AggregateReport> reports;
    for (const QByteArray &document : std::as_const(documents)) {
        AggregateParseResult parsed = AggregateParser::parse(document);
        records += parsed.report.records.size();
        reports.append(std::move(parsed.report));
    }
    const qint64 parseMs = timer.elapsed();

    timer.restart();
    qint64 hashed = 0;
    for (const QByteArray &document : std::as_const(documents))
        hashed += RawXml::sha256Hex(document).size();
    const qint64 hashMs = timer.elapsed();

    timer.restart();
    qint64 prepared = 0;
    for (qsizetype i = 0; i < documents.size(); ++i)
        prepared += PreparedReport::fromXml(reports.at(i), documents.at(i)).compressedXml.size();
    const qint64 prepareMs = timer.elapsed();

    QStringList paths;
    QDirIterator again(QString::fromLocal8Bit(argv[1]), QDir::Files, QDirIterator::Subdirectories);
    while (again.hasNext())
        paths.append(again.next());
    timer.restart();
    qint64 readReports = 0;
    for (const QString &path : std::as_const(paths))
        readReports += Importer::readInput({ path, true }, InputCaps()).reports.size();
    const qint64 readInputMs = timer.elapsed();

    std::printf("%lld files, %lld documents, %.1f MB of XML, %lld records\n",
        qlonglong(files.size()), qlonglong(documents.size()), xmlBytes / 1e6, qlonglong(records));
    std::printf("read files      %6lld ms\n", qlonglong(readMs));
    std::printf("unpack          %6lld ms\n", qlonglong(unpackMs));
    std::printf("parse           %6lld ms\n", qlonglong(parseMs));
    std::printf("sha-256 only    %6lld ms\n", qlonglong(hashMs));
    std::printf("prepare (hash + compress) %6lld ms, %.1f MB stored\n", qlonglong(prepareMs),
        prepared / 1e6);
    std::printf("Importer::readInput, all stages: %lld ms for %lld reports\n",
        qlonglong(readInputMs), qlonglong(readReports));
    return hashed > 0 ? 0 : 1;
}
