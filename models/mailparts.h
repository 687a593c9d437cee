#pragma once

#include "headerfields.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

// The parts of one message that tell what it is, gathered by the MIME walk so the classifiers
// and parsers need no GMime: headers, the human-readable text, and the machine-readable report
// parts. Parts of a returned message (inside message/rfc822) are not mixed in, except its header
// block.
struct MailParts
{
    HeaderFields headers; // the message's own
    QString contentType; // "multipart/report", lower case
    QString reportType; // its report-type parameter, lower case
    QStringList texts; // text/plain bodies (text/html stripped when there is no plain text)
    QByteArray deliveryStatus; // message/delivery-status (or global-delivery-status)
    QByteArray feedbackReport; // message/feedback-report, wherever it sits
    QByteArray originalHeaders; // header block of the message/rfc822 or text/rfc822-headers part
    bool hasAggregateReport = false; // a gzip, zip or <feedback> XML part
    bool hasTlsReport = false; // application/tlsrpt+json or +gzip

    QString subject() const
    {
        return MailText::decodeWords(headers.value(QLatin1String("Subject")));
    }
    QString allText() const { return texts.join(QLatin1Char('\n')); }
};
