#pragma once

#include "inputcaps.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// One document found inside an input: a bare XML file, or a member of a zip or gzip layer.
struct ExtractedDocument
{
    QString
        name; // the zip member path, "dir.zip/inner.xml" when nested; empty for the input itself
    QByteArray data; // decompressed bytes; empty when error is set
    QString error;
};

struct ExtractResult
{
    QList<ExtractedDocument> documents;
    QStringList warnings; // skipped members and other things the user should know
    QString error; // the input as a whole could not be read
};

// Peels gzip and zip layers off an input held in memory and returns the XML documents inside.
// Only libarchive's gzip filter and its zip and raw formats are enabled, nothing is ever written
// to disk (so member names like "../../x" are only labels), and every byte produced is counted
// against InputCaps while it streams.
class ArchiveReader
{
public:
    explicit ArchiveReader(const InputCaps &caps = {});

    ExtractResult extract(const QByteArray &input);

private:
    void extractLayer(QByteArrayView data, const QString &name, int depth, ExtractResult &result);
    void extractGzip(QByteArrayView data, const QString &name, int depth, ExtractResult &result);
    void extractZip(QByteArrayView data, const QString &name, int depth, ExtractResult &result);
    // Reads the current entry of an open archive under the caps. Returns an error text or empty.
    QString readEntry(struct archive *archive, QByteArray &out);
    // Past the floor, more output than maxRatio times the input: a bomb, whichever member.
    bool ratioExceeded() const;

    InputCaps m_caps;
    qint64 m_inputSize = 0;
    qint64 m_totalOut = 0;
    int m_documents = 0;
};
