// The floor GMime sets under any bounce reader built on it: every file of a folder is read into
// memory once, then each pass parses every file into a GMime message and frees it, on one
// thread and on all cores, next to a pass of the whole MailReader::read. No reader that lets
// GMime parse each message can be faster than the GMime-only pass.
// Usage: bench_mimefloor DIR
#include "headerfields.h"
#include "mailreader.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <QtConcurrent>

#include <gmime/gmime.h>

#include <cstdio>
#include <functional>

namespace {

void parseAndFree(const QByteArray &bytes)
{
    GMimeStream *stream
        = g_mime_stream_mem_new_with_buffer(bytes.constData(), size_t(bytes.size()));
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    if (GMimeMessage *message = g_mime_parser_construct_message(parser, nullptr))
        g_object_unref(message);
    g_object_unref(parser);
    g_object_unref(stream);
}

void readWhole(const QByteArray &bytes)
{
    MailReader::read(bytes);
}

// The best of five passes over all files, in milliseconds.
double bestPass(const QList<QByteArray> &files, const std::function<void(const QByteArray &)> &work,
    bool parallel)
{
    double best = 1e12;
    for (int pass = 0; pass < 5; ++pass) {
        QElapsedTimer timer;
        timer.start();
        if (parallel)
            QtConcurrent::blockingMap(files, work);
        else
            for (const QByteArray &bytes : files)
                work(bytes);
        best = qMin(best, timer.nsecsElapsed() / 1e6);
    }
    return best;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: bench_mimefloor DIR\n");
        return 2;
    }
    MailText::initGMime();
    QList<QByteArray> files;
    QDirIterator it(QString::fromLocal8Bit(argv[1]), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            files.append(file.readAll());
    }
    const int cores = QThread::idealThreadCount();
    std::printf("%lld files, %d cores, best of 5 passes\n", qlonglong(files.size()), cores);
    std::printf(
        "  GMime parse and free, 1 thread:     %7.1f ms\n", bestPass(files, parseAndFree, false));
    std::printf("  GMime parse and free, %d threads:    %7.1f ms\n", cores,
        bestPass(files, parseAndFree, true));
    std::printf(
        "  MailReader::read, 1 thread:         %7.1f ms\n", bestPass(files, readWhole, false));
    std::printf("  MailReader::read, %d threads:        %7.1f ms\n", cores,
        bestPass(files, readWhole, true));
    return 0;
}
