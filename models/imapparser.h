#pragma once

#include "imapresponse.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

// Every size the parser accepts; see ImapParser.
struct ImapParserLimits
{
    qint64 maxLiteralBytes = 256ll << 20; // one message, the same cap as a file's
    qint64 maxLineBytes = 1ll << 20; // one line of protocol text
    qint64 maxResponseBytes = 300ll << 20; // one response, literals included
    int maxNesting = 32; // parenthesised lists inside lists
};

// Splits the byte stream of an IMAP server into responses and tokenises them. Bytes are fed as
// they arrive; next() hands out each complete response. Every size is checked before memory is
// spent on it: a literal announced over the limit (say {4294967295}) is an error at once, as is a
// line without end past the line limit. Errors name the offending line; after one, the stream
// is unusable and the connection must be closed.
class ImapParser
{
    Q_DECLARE_TR_FUNCTIONS(ImapParser)
public:
    using Limits = ImapParserLimits;

    enum class Status
    {
        NeedMore,
        Response,
        Error
    };

    explicit ImapParser(const Limits &limits = {})
        : m_limits(limits)
    { }

    void feed(QByteArrayView bytes) { m_buffer.append(bytes); }
    Status next(ImapResponse *response);

    QString errorString() const { return m_error; }
    // Bytes received but not yet part of a complete response (STARTTLS checks there are none).
    qsizetype pendingBytes() const { return m_buffer.size(); }
    // Parses one complete response (its literals inline); used by next() and the fuzz target.
    bool parseResponse(QByteArrayView raw, ImapResponse *response);

private:
    Status fail(const QString &error, QByteArrayView line);

    Limits m_limits;
    QByteArray m_buffer;
    qsizetype m_lineStart = 0; // where the line being framed starts
    qint64 m_literalLeft = 0; // bytes of an announced literal still to arrive
    QString m_error;
};
