// Where a report reader's time goes: reads every file of a folder once, then times each stage
// of Importer::readInput on its own, on one thread: unpacking, parsing, hashing, compressing.
// Usage: bench_reader DIR
#include "aggregateparser.h"
#include "archivereader.h"
#include "reportstore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
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
        hashed += QCryptographicHash::hash(document, QCryptographicHash::Sha256).size();
    const qint64 hashMs = timer.elapsed();

    timer.restart();
    qint64 prepared = 0;
    for (qsizetype i = 0; i < documents.size(); ++i)
        prepared += PreparedReport::fromXml(reports.at(i), documents.at(i)).compressedXml.size();
    const qint64 prepareMs = timer.elapsed();

    std::printf("%lld files, %lld documents, %.1f MB of XML, %lld records\n",
        qlonglong(files.size()), qlonglong(documents.size()), xmlBytes / 1e6, qlonglong(records));
    std::printf("read files      %6lld ms\n", qlonglong(readMs));
    std::printf("unpack          %6lld ms\n", qlonglong(unpackMs));
    std::printf("parse           %6lld ms\n", qlonglong(parseMs));
    std::printf("sha-256 only    %6lld ms\n", qlonglong(hashMs));
    std::printf("prepare (hash + compress) %6lld ms, %.1f MB stored\n", qlonglong(prepareMs),
        prepared / 1e6);
    return hashed > 0 ? 0 : 1;
}
